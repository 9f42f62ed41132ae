package dev.ssewatch.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssewatch.proxy.admin.ProxyMetrics.ClientTimeout;
import dev.ssewatch.proxy.sse.StreamTaps;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The client-side timeouts and the connection limit, against real sockets. */
class ClientLimitsTest extends ProxyTestCase {

  /** Every client timeout short, so a test waits a fraction of a second instead of minutes. */
  private static final Duration SHORT = Duration.ofMillis(200);

  private static final ClientLimits FAST =
      ClientLimits.defaults()
          .withRequestHeadTimeout(SHORT)
          .withKeepAliveTimeout(SHORT)
          .withRequestBodyTimeout(SHORT);

  private final List<Socket> sockets = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (Socket s : sockets) {
      s.close();
    }
  }

  private void start(TestBackend.Handler handler, ClientLimits limits, Duration heartbeat)
      throws IOException {
    backend = new TestBackend(handler);
    proxy =
        ProxyFixture.start(
            backend.uri(), StreamTaps.NONE, o -> o.withHeartbeat(heartbeat), b -> b.limits(limits));
  }

  private void start(TestBackend.Handler handler, ClientLimits limits) throws IOException {
    start(handler, limits, Duration.ZERO);
  }

  private static TestBackend.Handler noContent() {
    return (req, c) -> {
      c.write("HTTP/1.1 204 No Content\r\n\r\n");
      return true;
    };
  }

  private Socket connect() throws IOException {
    Socket s = new Socket("127.0.0.1", proxy.port());
    s.setSoTimeout(15_000);
    sockets.add(s);
    return s;
  }

  /** Everything the proxy sends until it closes the connection. */
  private static String readToClose(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    try {
      int n;
      while ((n = in.read(buf)) >= 0) {
        out.write(buf, 0, n);
      }
    } catch (java.net.SocketException e) {
      // a reset after the response is a close too
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aConnectionThatSendsNothingIsClosedSilentlyAfterTheHeadTimeout() throws Exception {
    start(noContent(), FAST);
    Socket s = connect();
    assertThat(readToClose(s)).isEmpty();
    assertThat(proxy.metrics().clientTimeouts(ClientTimeout.REQUEST_HEAD)).isEqualTo(1);
    assertThat(backend.accepted.get()).isZero();
  }

  @Test
  void aHeadTrickledByteByByteGets408AtTheHeadTimeout() throws Exception {
    start(noContent(), FAST);
    Socket s = connect();
    OutputStream out = s.getOutputStream();
    out.write("GET /x HTTP/1.1\r\nHost: a\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    CountDownLatch done = new CountDownLatch(1);
    Thread trickle =
        new Thread(
            () -> {
              // One header byte every 50 ms, for as long as the connection lasts: slowloris.
              try {
                while (!done.await(50, TimeUnit.MILLISECONDS)) {
                  out.write('X');
                  out.flush();
                }
              } catch (IOException | InterruptedException e) {
                // closed by the proxy
              }
            });
    trickle.setDaemon(true);
    trickle.start();
    String answer = readToClose(s);
    done.countDown();
    assertThat(answer)
        .startsWith("HTTP/1.1 408 Request Timeout")
        .containsIgnoringCase("Connection: close");
    assertThat(proxy.metrics().clientTimeouts(ClientTimeout.REQUEST_HEAD)).isEqualTo(1);
    assertThat(backend.accepted.get()).isZero();
  }

  @Test
  void anIdleKeptAliveConnectionIsClosedAfterTheKeepAliveTimeout() throws Exception {
    start(noContent(), FAST.withRequestHeadTimeout(Duration.ofSeconds(30)));
    Socket s = connect();
    s.getOutputStream()
        .write("GET /x HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    String all = readToClose(s);
    assertThat(all).startsWith("HTTP/1.1 204").doesNotContain("408");
    assertThat(proxy.metrics().clientTimeouts(ClientTimeout.KEEP_ALIVE)).isEqualTo(1);
    assertThat(proxy.metrics().clientTimeouts(ClientTimeout.REQUEST_HEAD)).isZero();
  }

  @Test
  void aStalledRequestBodyGets408AndTheBackendConnectionIsClosed() throws Exception {
    CountDownLatch backendClosed = new CountDownLatch(1);
    start(
        (req, c) -> {
          c.awaitPeerClose();
          backendClosed.countDown();
          return false;
        },
        FAST);
    Socket s = connect();
    s.getOutputStream()
        .write(
            "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\n0123456789"
                .getBytes(StandardCharsets.US_ASCII));
    assertThat(readToClose(s)).startsWith("HTTP/1.1 408 Request Timeout");
    assertThat(proxy.metrics().clientTimeouts(ClientTimeout.REQUEST_BODY)).isEqualTo(1);
    assertThat(backendClosed.await(15, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aPipelinedRequestWhoseBodyStallsGets408() throws Exception {
    start(noContent(), FAST.withKeepAliveTimeout(Duration.ofSeconds(30)));
    Socket s = connect();
    s.getOutputStream()
        .write(
            ("POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n"
                    + "POST /b HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n12345")
                .getBytes(StandardCharsets.US_ASCII));
    String all = readToClose(s);
    assertThat(all).startsWith("HTTP/1.1 204").contains("HTTP/1.1 408 Request Timeout");
    assertThat(proxy.metrics().clientTimeouts(ClientTimeout.REQUEST_BODY)).isEqualTo(1);
  }

  /** A stream quiet for five times every client timeout: with heartbeats and without. */
  @ParameterizedTest
  @ValueSource(ints = {0, 100})
  void anEventStreamQuietForLongerThanEveryTimeoutStaysOpen(int heartbeatMillis) throws Exception {
    start(
        (req, c) -> {
          c.sseHead();
          c.chunk("data: first\n\n");
          Thread.sleep(5 * SHORT.toMillis());
          c.chunk("data: second\n\n");
          c.endChunks();
          return true;
        },
        FAST,
        Duration.ofMillis(heartbeatMillis));
    Socket s = connect();
    s.getOutputStream()
        .write(
            "POST /events HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\n{}"
                .getBytes(StandardCharsets.US_ASCII));
    String all = readToClose(s);
    assertThat(all).startsWith("HTTP/1.1 200").contains("data: first", "data: second");
    // The stream ended cleanly (the terminating chunk), then the kept-alive connection idled out.
    assertThat(all).contains("\r\n0\r\n\r\n");
    if (heartbeatMillis > 0) {
      assertThat(proxy.metrics().heartbeats()).isPositive();
    }
    assertThat(proxy.metrics().clientTimeouts(ClientTimeout.REQUEST_HEAD)).isZero();
    assertThat(proxy.metrics().clientTimeouts(ClientTimeout.REQUEST_BODY)).isZero();
    assertThat(proxy.metrics().clientTimeouts(ClientTimeout.KEEP_ALIVE)).isEqualTo(1);
  }

  @Test
  void connectionsBeyondTheLimitAreClosedAtAcceptAndCounted() throws Exception {
    start(noContent(), ClientLimits.defaults().withMaxConnections(2));
    connect();
    connect();
    await().atMost(Duration.ofSeconds(15)).until(() -> proxy.metrics().openConnections() == 2);
    Socket third = connect();
    assertThat(readToClose(third)).isEmpty();
    assertThat(proxy.metrics().connectionsRefused()).isEqualTo(1);
    assertThat(proxy.metrics().prometheus())
        .contains("ssewatch_proxy_connections_refused_total 1")
        .contains("ssewatch_proxy_open_connections 2");
    sockets.get(0).close();
    await().atMost(Duration.ofSeconds(15)).until(() -> proxy.metrics().openConnections() == 1);
    Socket fourth = connect();
    fourth
        .getOutputStream()
        .write("GET /x HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(TestBackend.readLine(fourth.getInputStream())).startsWith("HTTP/1.1 204");
  }
}
