package dev.ssewatch.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.proxy.sse.StreamTaps;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The proxy only ever talks to its configured backends, and bad input gets a clear answer. */
class RefusalTest extends ProxyTestCase {

  private void start() throws Exception {
    backend =
        new TestBackend(
            (req, c) -> {
              c.write("HTTP/1.1 204 No Content\r\n\r\n");
              return true;
            });
    proxy = ProxyFixture.start(backend.uri(), StreamTaps.NONE);
  }

  @Test
  void absoluteFormForAnotherHostIsRefusedWithoutContactingIt() throws Exception {
    try (ServerSocket other = new ServerSocket(0)) {
      start();
      String resp =
          send(
              "GET http://127.0.0.1:"
                  + other.getLocalPort()
                  + "/x HTTP/1.1\r\nHost: 127.0.0.1:"
                  + other.getLocalPort()
                  + "\r\n\r\n");
      assertThat(resp).startsWith("HTTP/1.1 403");
      assertThat(backend.accepted.get()).isZero();
    }
  }

  @Test
  void absoluteFormNamingTheProxyItselfIsServed() throws Exception {
    start();
    String resp =
        send("GET http://127.0.0.1:" + proxy.port() + "/ok?a=1 HTTP/1.1\r\nHost: whatever\r\n\r\n");
    assertThat(resp).startsWith("HTTP/1.1 204");
    assertThat(backend.requests.get(0).target()).isEqualTo("/ok?a=1");
  }

  @Test
  void connectIsRefused() throws Exception {
    start();
    String resp = send("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n");
    assertThat(resp).startsWith("HTTP/1.1 405");
    assertThat(backend.accepted.get()).isZero();
  }

  @Test
  void malformedRequestsGetA400AndTheProxyKeepsServing() throws Exception {
    start();
    assertThat(send("GARBAGE\r\n\r\n")).startsWith("HTTP/1.1 400");
    assertThat(send("GET /x HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 400"); // no Host
    assertThat(send("GET /x HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")).startsWith("HTTP/1.1 400");
    assertThat(send("GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: a\r\n\r\n"))
        .startsWith("HTTP/1.1 414");
    assertThat(send("GET /fine HTTP/1.1\r\nHost: a\r\n\r\n")).startsWith("HTTP/1.1 204");
  }

  @Test
  void pathsOutsideEveryRouteGet404() throws Exception {
    backend = new TestBackend((req, c) -> false);
    proxy =
        ProxyFixture.start(
            backend.uri(),
            StreamTaps.NONE,
            UnaryOperator.identity(),
            b ->
                ProxyConfig.builder()
                    .listen(new java.net.InetSocketAddress("127.0.0.1", 0))
                    .admin(null)
                    .route(new Route("api", "/api", backend.uri(), ProxyFixture.fastOptions())));
    assertThat(send("GET /other HTTP/1.1\r\nHost: a\r\n\r\n")).startsWith("HTTP/1.1 404");
    assertThat(send("GET /apiary HTTP/1.1\r\nHost: a\r\n\r\n")).startsWith("HTTP/1.1 404");
    assertThat(backend.accepted.get()).isZero();
  }

  @Test
  void aBackendThatNeverAnswersGets504AfterTheResponseHeadersTimeout() throws Exception {
    backend =
        new TestBackend(
            (req, c) -> {
              c.awaitPeerClose();
              return false;
            });
    proxy =
        ProxyFixture.start(
            backend.uri(),
            StreamTaps.NONE,
            o -> o.withResponseHeadersTimeout(Duration.ofMillis(300)),
            UnaryOperator.identity());
    assertThat(send("GET /slow HTTP/1.1\r\nHost: a\r\n\r\n")).startsWith("HTTP/1.1 504");
  }

  @Test
  void anUnreachableBackendGets502() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    proxy = ProxyFixture.start(URI.create("http://127.0.0.1:" + closedPort), StreamTaps.NONE);
    assertThat(send("GET /x HTTP/1.1\r\nHost: a\r\n\r\n")).startsWith("HTTP/1.1 502");
  }

  @Test
  void aBackendThatNeverAcceptsGets504AfterTheConnectTimeout() throws Exception {
    List<Socket> queued = new ArrayList<>();
    try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      // Fill the accept queue of a listener that never accepts: further SYNs go unanswered, so
      // a connect neither succeeds nor is refused.
      boolean stalled = false;
      for (int i = 0; i < 16 && !stalled; i++) {
        Socket s = new Socket();
        queued.add(s);
        try {
          s.connect(full.getLocalSocketAddress(), 200);
        } catch (SocketTimeoutException e) {
          stalled = true;
        }
      }
      assertThat(stalled).as("the accept queue filled up").isTrue();
      proxy =
          ProxyFixture.start(
              URI.create("http://127.0.0.1:" + full.getLocalPort()),
              StreamTaps.NONE,
              o -> o.withConnectTimeout(Duration.ofMillis(300)),
              UnaryOperator.identity());
      assertThat(send("GET /x HTTP/1.1\r\nHost: a\r\n\r\n")).startsWith("HTTP/1.1 504");
    } finally {
      for (Socket s : queued) {
        s.close();
      }
    }
  }

  @Test
  void aMalformedBackendResponseGets502AndTheProxyKeepsServing() throws Exception {
    backend =
        new TestBackend(
            (req, c) -> {
              if (req.target().equals("/broken")) {
                c.write("NOT HTTP AT ALL\r\n\r\n");
                return false;
              }
              c.write("HTTP/1.1 204 No Content\r\n\r\n");
              return true;
            });
    proxy = ProxyFixture.start(backend.uri(), StreamTaps.NONE);
    assertThat(send("GET /broken HTTP/1.1\r\nHost: a\r\n\r\n")).startsWith("HTTP/1.1 502");
    assertThat(send("GET /fine HTTP/1.1\r\nHost: a\r\n\r\n")).startsWith("HTTP/1.1 204");
  }

  private String send(String request) throws Exception {
    try (Socket s = new Socket("127.0.0.1", proxy.port())) {
      s.setSoTimeout(30_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      String line = TestBackend.readLine(s.getInputStream());
      return line == null ? "" : line;
    }
  }
}
