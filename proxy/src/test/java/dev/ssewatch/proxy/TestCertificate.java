package dev.ssewatch.proxy;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for 127.0.0.1, made with the JDK's own keytool so tests need no extra
 * library, written out as the PEM files the proxy takes.
 */
final class TestCertificate {

  private static final char[] PASSWORD = "changeit".toCharArray();

  final Path certPem;
  final Path keyPem;
  private final KeyStore keyStore;

  private TestCertificate(Path certPem, Path keyPem, KeyStore keyStore) {
    this.certPem = certPem;
    this.keyPem = keyPem;
    this.keyStore = keyStore;
  }

  static TestCertificate create(Path dir) throws Exception {
    return create(dir, "EC", "SAN=ip:127.0.0.1,dns:localhost", null);
  }

  /**
   * A self-signed certificate in {@code dir}.
   *
   * @param keyAlg {@code EC} (P-256) or {@code RSA} (2048 bits)
   * @param san keytool's {@code -ext} value, e.g. {@code SAN=dns:other.example}
   * @param startDate keytool's {@code -startdate} (e.g. {@code -10d}: expired, as validity is 2
   *     days), or {@code null} for now
   */
  static TestCertificate create(Path dir, String keyAlg, String san, String startDate)
      throws Exception {
    Files.createDirectories(dir);
    Path p12 = dir.resolve("test.p12");
    java.util.List<String> cmd =
        new java.util.ArrayList<>(
            java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "test",
                "-keyalg",
                keyAlg,
                "-dname",
                "CN=localhost",
                "-ext",
                san,
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                p12.toString(),
                "-storepass",
                new String(PASSWORD)));
    if (keyAlg.equals("EC")) {
      cmd.addAll(java.util.List.of("-groupname", "secp256r1"));
    } else {
      cmd.addAll(java.util.List.of("-keysize", "2048"));
    }
    if (startDate != null) {
      cmd.add("-startdate");
      cmd.add(startDate);
    }
    Process keytool = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    keytool.getInputStream().readAllBytes();
    if (!keytool.waitFor(30, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
      throw new IllegalStateException("keytool failed");
    }
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(p12)) {
      ks.load(in, PASSWORD);
    }
    Certificate cert = ks.getCertificate("test");
    PrivateKey key = (PrivateKey) ks.getKey("test", PASSWORD);
    Path certPem = dir.resolve("cert.pem");
    Path keyPem = dir.resolve("key.pem");
    Files.writeString(certPem, pem("CERTIFICATE", cert.getEncoded()), StandardCharsets.US_ASCII);
    Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
    return new TestCertificate(certPem, keyPem, ks);
  }

  /** A client context that trusts exactly this certificate. */
  SSLContext clientContext() throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("test", keyStore.getCertificate("test"));
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  /** A TLS server socket on loopback presenting this certificate. */
  ServerSocket serverSocket() throws Exception {
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keyStore, PASSWORD);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    return ctx.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
