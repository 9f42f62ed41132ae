package dev.ssewatch.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssewatch.proxy.sse.StreamTaps;
import dev.ssewatch.proxy.tls.TlsContexts;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the HTTPS listener offers: forward-secret AEAD suites only by default, configurable. */
class ServerTlsCiphersTest extends ProxyTestCase {

  @TempDir static Path dir;
  private static TestCertificate cert;
  private TestCertificate server;

  @BeforeAll
  static void makeCertificate() throws Exception {
    cert = TestCertificate.create(dir);
  }

  private void start(List<String> ciphers) throws Exception {
    start(cert, ciphers);
  }

  private void start(TestCertificate certificate, List<String> ciphers) throws Exception {
    backend =
        new TestBackend(
            (req, c) -> {
              c.write("HTTP/1.1 204 No Content\r\n\r\n");
              return true;
            });
    proxy =
        ProxyFixture.start(
            backend.uri(),
            StreamTaps.NONE,
            UnaryOperator.identity(),
            b -> b.serverTls(new ServerTls(certificate.certPem, certificate.keyPem, ciphers)));
    server = certificate;
  }

  /** Completes a handshake offering only {@code suite} over {@code protocol}; the suite agreed. */
  private String handshake(String protocol, String suite) throws Exception {
    try (SSLSocket s =
        (SSLSocket)
            cert.clientContext().getSocketFactory().createSocket("127.0.0.1", proxy.port())) {
      s.setSoTimeout(10_000);
      s.setEnabledProtocols(new String[] {protocol});
      s.setEnabledCipherSuites(new String[] {suite});
      s.startHandshake();
      return s.getSession().getCipherSuite();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
        "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
      })
  void tls12CbcSuitesAreRefusedByDefault(String suite) throws Exception {
    start(null);
    assertThatThrownBy(() -> handshake("TLSv1.2", suite)).isInstanceOf(SSLHandshakeException.class);
  }

  /** Netty's own defaults offered static-RSA and CBC suites over TLS 1.2 with an RSA key. */
  @Test
  void theDefaultsAreForwardSecretAeadOnly() {
    List<String> suites =
        TlsContexts.server(new ServerTls(cert.certPem, cert.keyPem)).cipherSuites();
    assertThat(suites)
        .isNotEmpty()
        .allSatisfy(
            suite ->
                assertThat(
                        suite.startsWith("TLS_ECDHE_")
                            || suite.equals("TLS_AES_128_GCM_SHA256")
                            || suite.equals("TLS_AES_256_GCM_SHA384")
                            || suite.equals("TLS_CHACHA20_POLY1305_SHA256"))
                    .as(suite)
                    .isTrue())
        .allSatisfy(
            suite ->
                assertThat(
                        suite.endsWith("_GCM_SHA256")
                            || suite.endsWith("_GCM_SHA384")
                            || suite.endsWith("_POLY1305_SHA256"))
                    .as(suite)
                    .isTrue())
        .noneMatch(suite -> suite.startsWith("TLS_RSA_") || suite.contains("_CBC_"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
      })
  void tls12ForwardSecretAeadSuitesAreAccepted(String suite) throws Exception {
    start(null);
    assertThat(handshake("TLSv1.2", suite)).isEqualTo(suite);
  }

  @Test
  void tls13IsAccepted() throws Exception {
    start(null);
    assertThat(handshake("TLSv1.3", "TLS_AES_128_GCM_SHA256")).isEqualTo("TLS_AES_128_GCM_SHA256");
  }

  @Test
  void theSuitesAreConfigurable() throws Exception {
    start(List.of("TLS_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"));
    assertThat(handshake("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"))
        .isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256");
    assertThatThrownBy(() -> handshake("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"))
        .isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void aListWithNoSupportedSuiteFailsTheStart() {
    assertThatThrownBy(() -> start(List.of("TLS_NO_SUCH_SUITE")))
        .hasMessageContaining("none of the cipher suites");
  }
}
