package dev.ssewatch.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.proxy.RouteOptions.ForwardedStyle;
import dev.ssewatch.proxy.sse.StreamTaps;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class HeaderHandlingTest extends ProxyTestCase {

  private void startSseBackend(String extraResponseHeaders) throws Exception {
    backend =
        new TestBackend(
            (req, c) -> {
              c.write(
                  "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                      + "Transfer-Encoding: chunked\r\n"
                      + extraResponseHeaders
                      + "\r\n");
              c.chunk("data: hello\n\n");
              c.endChunks();
              return true;
            });
  }

  @Test
  void hopByHopHeadersAreRemovedBothWaysIncludingThoseNamedInConnection() throws Exception {
    startSseBackend(
        "Connection: keep-alive, X-Backend-Hop\r\nX-Backend-Hop: 1\r\nKeep-Alive: timeout=5\r\n"
            + "Upgrade: h2c\r\nX-End-To-End: kept\r\n");
    proxy = ProxyFixture.start(backend.uri(), StreamTaps.NONE);

    String response =
        exchange(
            "GET /events HTTP/1.1\r\nHost: public.example\r\n"
                + "Connection: keep-alive, X-Client-Hop\r\nX-Client-Hop: secret\r\n"
                + "Keep-Alive: timeout=9\r\nTE: trailers\r\nUpgrade: websocket\r\n"
                + "Proxy-Connection: keep-alive\r\nLast-Event-ID: 41\r\nX-Kept: yes\r\n\r\n");

    TestBackend.Request seen = backend.requests.get(0);
    assertThat(seen.has("X-Client-Hop")).isFalse();
    assertThat(seen.has("Keep-Alive")).isFalse();
    assertThat(seen.has("TE")).isFalse();
    assertThat(seen.has("Upgrade")).isFalse();
    assertThat(seen.has("Proxy-Connection")).isFalse();
    assertThat(seen.header("Last-Event-ID")).isEqualTo("41");
    assertThat(seen.header("X-Kept")).isEqualTo("yes");

    String head = response.substring(0, response.indexOf("\r\n\r\n")).toLowerCase();
    assertThat(head).doesNotContain("x-backend-hop", "keep-alive: timeout", "upgrade:");
    assertThat(head).contains("x-end-to-end: kept", "transfer-encoding: chunked");
    assertThat(head).doesNotContain("content-length");
  }

  @Test
  void theBackendLearnsWhoTheClientWasAndHostCannotRedirect() throws Exception {
    startSseBackend("");
    proxy = ProxyFixture.start(backend.uri(), StreamTaps.NONE);

    exchange("GET /events HTTP/1.1\r\nHost: evil.example:666\r\nX-Forwarded-For: 10.1.2.3\r\n\r\n");

    TestBackend.Request seen = backend.requests.get(0);
    assertThat(seen.header("Host")).isEqualTo("127.0.0.1:" + backend.port());
    assertThat(seen.header("X-Forwarded-For")).isEqualTo("10.1.2.3, 127.0.0.1");
    assertThat(seen.header("X-Forwarded-Proto")).isEqualTo("http");
    assertThat(seen.header("X-Forwarded-Host")).isEqualTo("evil.example:666");
  }

  @Test
  void forwardedStyleAddsAnRfc7239Header() throws Exception {
    startSseBackend("");
    proxy =
        ProxyFixture.start(
            backend.uri(),
            StreamTaps.NONE,
            o -> o.withForwarded(ForwardedStyle.FORWARDED),
            UnaryOperator.identity());

    exchange("GET /events HTTP/1.1\r\nHost: api.example\r\n\r\n");

    assertThat(backend.requests.get(0).header("Forwarded"))
        .isEqualTo("for=127.0.0.1;proto=http;host=api.example");
    assertThat(backend.requests.get(0).has("X-Forwarded-For")).isFalse();
  }

  @Test
  void antiBufferingHeadersAreAddedToEventStreamsOnlyWhenAskedFor() throws Exception {
    startSseBackend("Cache-Control: private\r\n");
    proxy =
        ProxyFixture.start(
            backend.uri(),
            StreamTaps.NONE,
            o -> o.withAntiBufferingHeaders(true),
            UnaryOperator.identity());

    String head = exchange("GET /events HTTP/1.1\r\nHost: x\r\n\r\n").toLowerCase();
    assertThat(head).contains("cache-control: no-cache, no-transform", "x-accel-buffering: no");
  }

  @Test
  void withoutTheFlagTheBackendsCacheControlIsLeftAlone() throws Exception {
    startSseBackend("Cache-Control: private\r\n");
    proxy = ProxyFixture.start(backend.uri(), StreamTaps.NONE);

    String head = exchange("GET /events HTTP/1.1\r\nHost: x\r\n\r\n").toLowerCase();
    assertThat(head).contains("cache-control: private").doesNotContain("x-accel-buffering");
  }

  /** Sends one request with Connection: close appended and returns the whole response. */
  private String exchange(String request) throws Exception {
    try (Socket s = new Socket("127.0.0.1", proxy.port())) {
      s.setSoTimeout(30_000);
      String withClose = request.substring(0, request.length() - 2) + "Connection: close\r\n\r\n";
      // A second Connection header would merge with the first; keep the test's own if present.
      s.getOutputStream()
          .write(
              (request.contains("Connection:") ? request : withClose)
                  .getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      String all = ForwardingTest.readUntil(in, "\r\n0\r\n\r\n");
      return all;
    }
  }
}
