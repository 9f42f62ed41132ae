package dev.ssewatch.proxy.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.ssewatch.proxy.Transport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A proxy in a child JVM limited to 256 file descriptors: more clients than that connect, the proxy
 * runs out, {@code /healthz} says not ok; the clients leave, and the proxy accepts and forwards
 * again, and {@code /healthz} says ok.
 */
@EnabledOnOs(OS.LINUX)
class DescriptorExhaustionForkedTest {

  private static final int LIMIT = 256;
  private static final int CLIENTS = 400;

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(Transport.class)
  void theProxySurvivesRunningOutOfDescriptors(Transport transport) throws Exception {
    assumeTrue(transport.isAvailable(), () -> transport + ": " + transport.unavailabilityCause());
    HttpServer backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
    backend.createContext(
        "/",
        x -> {
          x.sendResponseHeaders(204, -1);
          x.close();
        });
    backend.start();
    Path log = dir.resolve("child.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String command =
        "ulimit -n "
            + LIMIT
            + " && exec '"
            + java
            + "' -Xmx128m -cp \"$CP\" "
            + DescriptorExhaustionChild.class.getName()
            + " http://127.0.0.1:"
            + backend.getAddress().getPort()
            + " "
            + transport.wireName();
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", command).redirectError(log.toFile());
    pb.environment().put("CP", System.getProperty("java.class.path"));
    Process child = pb.start();
    List<Socket> clients = new ArrayList<>();
    try (Socket admin = new Socket()) {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      String ports = out.readLine();
      assertThat(ports).as(() -> read(log)).startsWith("ports ");
      String[] p = ports.split(" ");
      int port = Integer.parseInt(p[1]);
      admin.connect(new InetSocketAddress("127.0.0.1", Integer.parseInt(p[2])), 10_000);
      admin.setSoTimeout(20_000);
      assertThat(get(admin, "/healthz")).startsWith("HTTP/1.1 200").endsWith("ok\n");

      for (int i = 0; i < CLIENTS; i++) {
        Socket s = new Socket();
        // Beyond the child's descriptors the connection waits in the listener's backlog.
        s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        clients.add(s);
      }
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .untilAsserted(
              () ->
                  assertThat(get(admin, "/healthz"))
                      .startsWith("HTTP/1.1 503")
                      .contains("not ok: cannot accept connections"));
      assertThat(get(admin, "/metrics"))
          .containsPattern("ssewatch_proxy_accept_errors_total [1-9]");

      for (Socket s : clients) {
        s.close();
      }
      clients.clear();
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .untilAsserted(() -> assertThat(get(admin, "/healthz")).startsWith("HTTP/1.1 200"));
      try (Socket s = new Socket("127.0.0.1", port)) {
        s.setSoTimeout(20_000);
        s.getOutputStream()
            .write("GET /x HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(headOf(s.getInputStream())).startsWith("HTTP/1.1 204");
      }
      assertThat(child.isAlive()).isTrue();
      assertThat(read(log).toLowerCase(Locale.ROOT))
          .doesNotContain("noclassdeffounderror")
          .doesNotContain("unexpected exception");
    } finally {
      for (Socket s : clients) {
        s.close();
      }
      child.getOutputStream().close();
      if (!child.waitFor(20, TimeUnit.SECONDS)) {
        child.destroyForcibly();
      }
      backend.stop(0);
    }
  }

  /** One request on the kept-alive admin connection; the response head and body. */
  private static String get(Socket admin, String path) throws IOException {
    admin
        .getOutputStream()
        .write(
            ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    InputStream in = admin.getInputStream();
    String head = headOf(in);
    int length = 0;
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }

  private static String headOf(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    while (!b.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("closed after: " + b);
      }
      b.append((char) c);
    }
    return b.toString();
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return e.toString();
    }
  }
}
