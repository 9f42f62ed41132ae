package dev.ssewatch.proxy;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** A test CA (as a PEM file) and a server certificate it signed, made with the JDK's keytool. */
final class TestCa {

  private static final String PASSWORD = "changeit";

  final Path caPem;
  private final Path serverP12;

  private TestCa(Path caPem, Path serverP12) {
    this.caPem = caPem;
    this.serverP12 = serverP12;
  }

  /**
   * @param startDate keytool's {@code -startdate} of the server certificate (valid two days from
   *     it), e.g. {@code -10d} for one that has expired
   */
  static TestCa create(Path dir, String startDate) throws Exception {
    Files.createDirectories(dir);
    Path ca = dir.resolve("ca.p12");
    Path server = dir.resolve("server.p12");
    Path csr = dir.resolve("server.csr");
    Path cer = dir.resolve("server.cer");
    Path caPem = dir.resolve("ca.pem");
    keytool(
        "-genkeypair",
        "-alias",
        "ca",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=ssewatch test CA",
        "-ext",
        "bc:c",
        "-validity",
        "30",
        "-keystore",
        ca.toString());
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "ca",
        "-keystore",
        ca.toString(),
        "-file",
        caPem.toString());
    keytool(
        "-genkeypair",
        "-alias",
        "server",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=localhost",
        "-keystore",
        server.toString());
    keytool(
        "-certreq", "-alias", "server", "-keystore", server.toString(), "-file", csr.toString());
    keytool(
        "-gencert",
        "-alias",
        "ca",
        "-keystore",
        ca.toString(),
        "-infile",
        csr.toString(),
        "-outfile",
        cer.toString(),
        "-ext",
        "SAN=ip:127.0.0.1",
        "-startdate",
        startDate,
        "-validity",
        "2");
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "ca",
        "-keystore",
        server.toString(),
        "-file",
        caPem.toString());
    keytool(
        "-importcert", "-alias", "server", "-keystore", server.toString(), "-file", cer.toString());
    return new TestCa(caPem, server);
  }

  /** A TLS server socket on loopback presenting the signed certificate and its chain. */
  ServerSocket serverSocket() throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(serverP12)) {
      ks.load(in, PASSWORD.toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, PASSWORD.toCharArray());
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    return ctx.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
  }

  private static void keytool(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("keytool " + args[0] + " failed: " + out);
    }
  }
}
