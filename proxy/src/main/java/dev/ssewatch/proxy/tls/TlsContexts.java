package dev.ssewatch.proxy.tls;

import dev.ssewatch.proxy.Route;
import dev.ssewatch.proxy.ServerTls;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.net.ssl.SSLException;

/** Builds the TLS contexts of both sides from PEM files. */
public final class TlsContexts {

  private TlsContexts() {}

  /**
   * HTTPS towards clients: the certificate chain and key users configured, TLS 1.2 and 1.3 only,
   * the configured cipher suites (forward-secret AEAD ones by default) in the server's order.
   */
  public static SslContext server(ServerTls tls) {
    try {
      SslContext ctx =
          SslContextBuilder.forServer(tls.certificateChain().toFile(), tls.privateKey().toFile())
              .protocols("TLSv1.3", "TLSv1.2")
              // The filter drops what this JDK or OpenSSL lacks (e.g. ChaCha20 on some builds).
              .ciphers(tls.ciphers(), SupportedCipherSuiteFilter.INSTANCE)
              .build();
      if (ctx.cipherSuites().isEmpty()) {
        throw new IllegalArgumentException(
            "none of the cipher suites " + tls.ciphers() + " is supported here");
      }
      return ctx;
    } catch (SSLException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cannot use TLS certificate "
              + tls.certificateChain()
              + " with key "
              + tls.privateKey()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /**
   * HTTPS towards a backend: certificate and host name verified against the JDK's trust store or
   * the route's CA file, unless the route disables verification explicitly.
   */
  public static SslContext client(Route route) {
    SslContextBuilder b = SslContextBuilder.forClient();
    if (route.options().insecureSkipBackendVerification()) {
      b.trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null);
    } else {
      if (route.options().backendCaFile() != null) {
        b.trustManager(route.options().backendCaFile().toFile());
      }
      b.endpointIdentificationAlgorithm("HTTPS");
    }
    try {
      return b.build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cannot set up TLS to backend " + route.backend() + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      if (e.getCause() instanceof IOException io) {
        throw new UncheckedIOException(io);
      }
      throw e;
    }
  }
}
