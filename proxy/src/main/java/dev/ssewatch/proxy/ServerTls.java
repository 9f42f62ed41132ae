package dev.ssewatch.proxy;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The listener serves HTTPS with this PEM certificate chain and PKCS#8 PEM private key.
 *
 * @param ciphers the cipher suites offered, in order of preference (IANA names, TLS 1.3 ones
 *     included); {@link #DEFAULT_CIPHERS} when {@code null} or empty
 */
public record ServerTls(Path certificateChain, Path privateKey, List<String> ciphers) {

  /**
   * TLS 1.3's suites (all forward secret and AEAD), then TLS 1.2's forward-secret AEAD suites:
   * ECDHE with AES-GCM or ChaCha20-Poly1305. No static-RSA key exchange ({@code TLS_RSA_*}: no
   * forward secrecy) and no CBC suites (padding-oracle history); clients of the last ten years
   * speak at least one of these.
   */
  public static final List<String> DEFAULT_CIPHERS =
      List.of(
          "TLS_AES_128_GCM_SHA256",
          "TLS_AES_256_GCM_SHA384",
          "TLS_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  public ServerTls {
    Objects.requireNonNull(certificateChain, "certificateChain");
    Objects.requireNonNull(privateKey, "privateKey");
    ciphers = ciphers == null || ciphers.isEmpty() ? DEFAULT_CIPHERS : List.copyOf(ciphers);
  }

  /** The default cipher suites. */
  public ServerTls(Path certificateChain, Path privateKey) {
    this(certificateChain, privateKey, null);
  }
}
