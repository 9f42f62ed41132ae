package dev.ssewatch.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssewatch.core.telemetry.CloseReason;
import dev.ssewatch.core.telemetry.EventRecord;
import dev.ssewatch.core.telemetry.StreamEnd;
import dev.ssewatch.core.telemetry.StreamStart;
import dev.ssewatch.core.testing.RecordingConsumer;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Event streams through the proxy, recorded by core's recorder. */
class RecordingTest extends ProxyTestCase {

  private final RecordingConsumer records = new RecordingConsumer();

  @Test
  void recordedTelemetryMatchesTheEventsSent() throws Exception {
    backend =
        new TestBackend(
            (req, c) -> {
              c.sseHead();
              for (int i = 1; i <= 5; i++) {
                c.chunk("event: tick\nid: " + i + "\ndata: " + "x".repeat(i * 10) + "\n\n");
              }
              c.chunk(": server comment\n\n");
              c.endChunks();
              return true;
            });
    proxy = ProxyFixture.startRecording(backend.uri(), records, o -> o);

    String body = get("/events?token=secret", 3000, null);
    assertThat(body).contains("data: " + "x".repeat(50));

    ProxyFixture.awaitStreamEnd(records);
    StreamStart start = records.single(StreamStart.class);
    assertThat(start.eventStream()).isTrue();
    assertThat(start.status()).isEqualTo(200);
    assertThat(start.url()).doesNotContain("secret");
    List<EventRecord> events = records.ofType(EventRecord.class);
    assertThat(events).extracting(EventRecord::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(events).extracting(EventRecord::type).containsOnly("tick");
    assertThat(events).extracting(EventRecord::dataBytes).containsExactly(10L, 20L, 30L, 40L, 50L);
    // The proxy's own hold time: known (the proxy tracks wire writes) and small.
    assertThat(events)
        .allSatisfy(
            e ->
                assertThat(e.writeToWireNanos()).isBetween(0L, TimeUnit.MILLISECONDS.toNanos(500)));
    StreamEnd end = records.single(StreamEnd.class);
    assertThat(end.events()).isEqualTo(5);
    assertThat(end.comments()).isEqualTo(1);
    assertThat(end.closeReason()).isEqualTo(CloseReason.COMPLETED);
    assertThat(proxy.metrics().events()).isEqualTo(5);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void heartbeatsAreInjectedOnlyBetweenEvents(Transport transport) throws Exception {
    backend =
        new TestBackend(
            (req, c) -> {
              c.sseHead();
              c.chunk("data: first\n\n");
              c.chunk("data: par");
              // Mid-event silence, five heartbeat intervals long: nothing may be injected here.
              Thread.sleep(500);
              c.chunk("tial\n\n");
              c.endChunks();
              return true;
            });
    proxy = startWithFastHeartbeats(transport);

    String body = dechunk(get("/events", 3000, null));

    assertThat(body).contains("data: first\n\n").contains("data: partial\n\n");
    assertThat(body).doesNotContain(":\n\n");
    assertThat(ProxyFixture.awaitStreamEnd(records).events()).isEqualTo(2);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void heartbeatsKeepAQuietStreamAliveThroughAShortIdleBudget(Transport transport)
      throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    backend =
        new TestBackend(
            (req, c) -> {
              c.sseHead();
              c.chunk("data: hello\n\n");
              // Quiet, at an event boundary, until eight heartbeats went out: without them, for
              // 2 s, two idle budgets.
              release.await(2, TimeUnit.SECONDS);
              c.chunk("data: still here\n\n");
              c.endChunks();
              return true;
            });
    proxy = startWithFastHeartbeats(transport);

    // The client plays an intermediary with a 1 s idle timeout: any longer silence kills it. Ten
    // heartbeats' worth, so that a loaded machine's late timer is not taken for a missing one.
    String body =
        dechunk(
            get(
                "/events",
                1000,
                () -> {
                  if (proxy.metrics().heartbeats() >= 8) {
                    release.countDown();
                  }
                }));

    assertThat(body).contains("data: hello\n\n").contains("data: still here\n\n");
    assertThat(body).contains(":\n\n");
    StreamEnd end = ProxyFixture.awaitStreamEnd(records);
    assertThat(end.heartbeats()).isGreaterThanOrEqualTo(8);
    assertThat(end.closeReason()).isEqualTo(CloseReason.COMPLETED);
    assertThat(end.largestGapNanos()).isLessThan(TimeUnit.MILLISECONDS.toNanos(1000));
  }

  @Test
  void manyQuietStreamsOnOneEventLoopShareOneHeartbeatTimerAndEachGetsItsHeartbeats()
      throws Exception {
    int streams = 40;
    CountDownLatch release = new CountDownLatch(1);
    backend =
        new TestBackend(
            (req, c) -> {
              c.sseHead();
              c.chunk("data: hello\n\n");
              release.await(10, TimeUnit.SECONDS);
              c.endChunks();
              return false;
            });
    proxy =
        ProxyFixture.startRecording(
            backend.uri(),
            records,
            o -> o.withHeartbeat(Duration.ofMillis(100)).withIdleBudget(Duration.ofMillis(400)));

    List<Socket> clients = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < streams; i++) {
        Socket s = new Socket("127.0.0.1", proxy.port());
        s.setSoTimeout(30_000);
        s.getOutputStream()
            .write(
                ("GET /quiet/" + i + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        clients.add(s);
      }
      // Each stream's first heartbeat, read off its own socket: a total over all streams could be
      // reached while one stream, opened last on a busy machine, had none yet.
      List<String> heads = new java.util.ArrayList<>();
      for (Socket s : clients) {
        heads.add(readUntil(s, ":\n\n"));
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> proxy.metrics().heartbeats() >= streams);
      // The fixture runs one event loop: one timer serves every stream on it.
      await().atMost(Duration.ofSeconds(30)).until(() -> proxy.armedHeartbeatTimers() == 1);
      release.countDown();
      for (int i = 0; i < clients.size(); i++) {
        Socket s = clients.get(i);
        String body =
            dechunk(
                heads.get(i)
                    + new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertThat(body).startsWith("data: hello\n\n").contains(":\n\n");
        assertThat(body.replace("data: hello\n\n", "").replace(":\n\n", "")).isEmpty();
      }
    } finally {
      for (Socket s : clients) {
        s.close();
      }
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> records.ofType(StreamEnd.class).size() == streams);
    assertThat(records.ofType(StreamEnd.class))
        .allSatisfy(end -> assertThat(end.heartbeats()).isGreaterThanOrEqualTo(2));
    await().atMost(Duration.ofSeconds(30)).until(() -> proxy.armedHeartbeatTimers() == 0);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void clientAndBackendAbortsAreRecordedWithTheirReasons(Transport transport) throws Exception {
    backend =
        new TestBackend(
            (req, c) -> {
              c.sseHead();
              c.chunk("data: one\n\n");
              if (req.target().contains("backend-dies")) {
                c.socket.close();
              } else {
                c.awaitPeerClose();
              }
              return false;
            });
    proxy = ProxyFixture.startRecording(backend.uri(), records, o -> o, transport);

    try (Socket s = new Socket("127.0.0.1", proxy.port())) {
      s.getOutputStream()
          .write(
              "GET /client-leaves HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      ForwardingTest.readUntil(s.getInputStream(), "data: one");
    }
    get("/backend-dies", 3000, null);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(records.ofType(StreamEnd.class))
                    .extracting(StreamEnd::closeReason)
                    .containsExactlyInAnyOrder(
                        CloseReason.CLIENT_ABORT, CloseReason.UPSTREAM_ABORT));
  }

  @Test
  void aMaximumStreamDurationEndsTheStreamCleanlyBetweenEvents() throws Exception {
    backend = eventEvery20ms();
    proxy =
        ProxyFixture.startRecording(
            backend.uri(), records, o -> o.withMaxStreamDuration(Duration.ofMillis(300)));

    long started = System.nanoTime();
    String response = get("/events", 3000, null);
    long tookMillis = (System.nanoTime() - started) / 1_000_000;

    assertThat(response).endsWith("\r\n0\r\n\r\n");
    // Not before the maximum, and before the backend's own end (its last event, after 2 s or
    // more): an end that a loaded machine delays is still the proxy's.
    assertThat(tookMillis).isGreaterThanOrEqualTo(250L);
    assertThat(response).doesNotContain(LAST_EVENT);
    assertThat(ProxyFixture.awaitStreamEnd(records).closeReason()).isEqualTo(CloseReason.COMPLETED);
  }

  @Test
  void aStreamOutlivesTheResponseHeadDeadlineAndStillEndsAtItsMaximumDuration() throws Exception {
    backend = eventEvery20ms();
    // One timer field serves both: the head's deadline must be gone once the head is in, and
    // the maximum duration must still come.
    proxy =
        ProxyFixture.startRecording(
            backend.uri(),
            records,
            o ->
                o.withResponseHeadersTimeout(Duration.ofMillis(150))
                    .withMaxStreamDuration(Duration.ofMillis(600)));

    long started = System.nanoTime();
    String response = get("/events", 3000, null);
    long tookMillis = (System.nanoTime() - started) / 1_000_000;

    assertThat(response)
        .startsWith("HTTP/1.1 200")
        .contains("data: 8\n") // past the 150 ms head deadline: about 7 events in
        .endsWith("\r\n0\r\n\r\n")
        .doesNotContain(LAST_EVENT);
    assertThat(tookMillis).isGreaterThanOrEqualTo(550L);
    assertThat(ProxyFixture.awaitStreamEnd(records).closeReason()).isEqualTo(CloseReason.COMPLETED);
  }

  @Test
  void openStreamsAppearOnTheAdminStreamsPageWithoutTheirData() throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    backend =
        new TestBackend(
            (req, c) -> {
              c.sseHead();
              c.chunk("id: 7\ndata: top-secret-payload\n\n");
              done.await(30, TimeUnit.SECONDS);
              c.endChunks();
              return false;
            });
    proxy = ProxyFixture.startRecording(backend.uri(), records, o -> o);
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    java.net.URI streams =
        java.net.URI.create("http://127.0.0.1:" + proxy.adminAddress().getPort() + "/streams");

    try (Socket s = new Socket("127.0.0.1", proxy.port())) {
      s.getOutputStream()
          .write("GET /live HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      ForwardingTest.readUntil(s.getInputStream(), "payload");
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                String json =
                    http.send(
                            java.net.http.HttpRequest.newBuilder(streams).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString())
                        .body();
                assertThat(json)
                    .startsWith("{\"open\":1,")
                    .contains("\"url\":\"/live\"", "\"events\":1", "\"event_stream\":true")
                    .doesNotContain("top-secret");
              });
      String metrics =
          http.send(
                  java.net.http.HttpRequest.newBuilder(streams.resolve("/metrics")).build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(metrics)
          .contains("ssewatch_proxy_open_streams 1", "ssewatch_proxy_events_total 1");
    } finally {
      done.countDown();
    }
  }

  /** A recording proxy with a heartbeat every 100 ms against an idle budget of one second. */
  private ProxyServer startWithFastHeartbeats(Transport transport) {
    return ProxyFixture.startRecording(
        backend.uri(),
        records,
        o -> o.withHeartbeat(Duration.ofMillis(100)).withIdleBudget(Duration.ofMillis(1000)),
        transport);
  }

  /** Reads a whole response with {@code idleTimeoutMillis} as the read timeout. */
  private String get(String path, int idleTimeoutMillis, Runnable onRead) throws Exception {
    try (Socket s = new Socket("127.0.0.1", proxy.port())) {
      s.setSoTimeout(idleTimeoutMillis);
      s.getOutputStream()
          .write(
              ("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      StringBuilder b = new StringBuilder();
      byte[] buf = new byte[4096];
      int n;
      try {
        while ((n = in.read(buf)) > 0) {
          b.append(new String(buf, 0, n, StandardCharsets.UTF_8));
          if (onRead != null) {
            onRead.run();
          }
        }
      } catch (SocketTimeoutException e) {
        throw new AssertionError("silent for more than " + idleTimeoutMillis + " ms", e);
      } catch (java.net.SocketException e) {
        // a reset after an abort: what was read so far is the answer
      }
      return b.toString();
    }
  }

  /** The body of a chunked response, chunk framing removed. */
  static String dechunk(String response) {
    int p = response.indexOf("\r\n\r\n") + 4;
    StringBuilder out = new StringBuilder();
    while (p < response.length()) {
      int eol = response.indexOf("\r\n", p);
      if (eol < 0) {
        break;
      }
      int size = Integer.parseInt(response.substring(p, eol).trim(), 16);
      if (size == 0) {
        break;
      }
      out.append(response, eol + 2, eol + 2 + size);
      p = eol + 2 + size + 2;
    }
    return out.toString();
  }

  /** A backend that sends an event every 20 ms for two seconds, until the proxy hangs up. */
  /** The last event {@link #eventEvery20ms} sends, 2 s or more after its first. */
  private static final String LAST_EVENT = "data: 99\n";

  /** 100 events, one every 20 ms, then the end of the response. */
  private static TestBackend eventEvery20ms() throws IOException {
    return new TestBackend(
        (req, c) -> {
          c.sseHead();
          try {
            for (int i = 0; i < 100; i++) {
              c.chunk("data: " + i + "\n\n");
              Thread.sleep(20);
            }
          } catch (IOException e) {
            // the proxy hung up: expected
          }
          return false;
        });
  }

  /** What the socket sends up to and including the first {@code marker}, as ISO-8859-1 text. */
  private static String readUntil(Socket s, String marker) throws java.io.IOException {
    StringBuilder b = new StringBuilder();
    java.io.InputStream in = s.getInputStream();
    while (b.indexOf(marker) < 0) {
      int c = in.read();
      if (c < 0) {
        throw new java.io.EOFException("stream ended before " + marker.replace("\n", "\\n"));
      }
      b.append((char) c);
    }
    return b.toString();
  }
}
