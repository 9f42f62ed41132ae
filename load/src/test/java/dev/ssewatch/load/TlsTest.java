package dev.ssewatch.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** https targets: the JDK's trust by default, --ca to add a certificate, --insecure. */
class TlsTest {

  private static final char[] PASSWORD = "test-only".toCharArray();

  @TempDir static Path dir;

  private static SseBackend backend;
  private static Path caPem;

  @BeforeAll
  static void start() throws Exception {
    Path p12 = dir.resolve("server.p12");
    // A self-signed certificate for 127.0.0.1 from the JDK's keytool: no library needed.
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "server",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=127.0.0.1",
                "-ext",
                "SAN=ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                p12.toString(),
                "-storepass",
                new String(PASSWORD))
            .redirectErrorStream(true)
            .start();
    keytool.getInputStream().readAllBytes();
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).isZero();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(p12)) {
      ks.load(in, PASSWORD);
    }
    caPem = dir.resolve("ca.pem");
    Files.writeString(
        caPem,
        "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(ks.getCertificate("server").getEncoded())
            + "\n-----END CERTIFICATE-----\n",
        StandardCharsets.US_ASCII);
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, PASSWORD);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), null, null);
    backend = new SseBackend(tls);
  }

  @AfterAll
  static void stop() {
    backend.close();
  }

  private static LoadRun run(String... extra) {
    String[] args = new String[extra.length + 5];
    args[0] = backend.url("/paced?events=3&every=10");
    args[1] = "--streams";
    args[2] = "2";
    args[3] = "--events";
    args[4] = "3";
    System.arraycopy(extra, 0, args, 5, extra.length);
    return LoadRun.of(args);
  }

  @Test
  void anUntrustedCertificateFailsEveryConnection() {
    LoadRun r = run("--no-reconnect");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).containsPattern("error +2");
  }

  @Test
  void theCaFileIsTrusted() {
    LoadRun r = run("--ca", caPem.toString());
    assertThat(r.exitCode()).as(r.err()).isEqualTo(0);
    assertThat(r.out()).containsPattern("events_reached +2");
  }

  @Test
  void insecureTrustsAnything() {
    LoadRun r = run("--insecure");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(0);
    assertThat(r.out()).containsPattern("events_reached +2");
  }
}
