package dev.ssewatch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssewatch.agent.apps.SseScenario;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A server that gzips its event streams, run in a child JVM with the agent and the idle budget cut
 * to two seconds, so that a stream whose wire activity went unseen would raise idle alerts within
 * the test; a client that asks for gzip and decompresses. Subclasses say how the server compresses
 * and what the record must say about it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class GzippedStreamCase {

  ChildJvm app;
  final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /** The Java to run the server on. */
  Path java() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  /** Starts the server with {@code options} (the Java and the idle budget set). */
  abstract ChildJvm start(ChildJvm.Options options) throws Exception;

  /** What the requests of this class put in their {@code case} parameter, to tell them apart. */
  abstract String casePrefix();

  @BeforeAll
  void start() throws Exception {
    app = start(new ChildJvm.Options().java(java()).jvmArg("-Dssewatch.idle.budget=2s"));
  }

  @AfterAll
  void stop() throws Exception {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void aClientThatHangsUpOnAGzippedStreamIsAClientAbort() throws Exception {
    assertClientAbort("/sse/forever?case=" + casePrefix() + "-abort");
  }

  /**
   * Reads the gzipped stream at {@code url} until two events came through, hangs up, and asserts
   * the record ends as {@code client_abort} with those events.
   */
  void assertClientAbort(String url) throws Exception {
    HttpResponse<InputStream> response =
        client.send(request(url), HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.headers().firstValue("content-encoding")).hasValue("gzip");
    try (InputStream in = new GZIPInputStream(response.body())) {
      String seen = "";
      byte[] buf = new byte[4096];
      while (seen.split("\n\n", -1).length < 3) {
        int read = in.read(buf);
        assertThat(read).as("the stream goes on").isPositive();
        seen += new String(buf, 0, read, StandardCharsets.UTF_8);
      }
    }
    Telemetry t = app.telemetry();
    String id = AgentContract.awaitValue(() -> t.streamId(url));
    Map<String, Object> end = AgentContract.awaitValue(() -> t.end(id));
    assertThat(end).containsEntry("close_reason", "client_abort");
    assertThat((BigDecimal) end.get("events")).isGreaterThanOrEqualTo(BigDecimal.valueOf(2));
    assertNothingLeaked(t);
  }

  /**
   * Requests the non-blocking burst at {@code url} (event 1, then {@code n} events of 64 KiB of
   * hardly compressible data in one write, and {@code AsyncContext.complete()} at once), reads
   * nothing until the application has completed, then the whole body, and asserts the record
   * completed with every event and {@code bytes} exactly the compressed body received: the bytes
   * the compressor writes after the application is done count too.
   */
  void assertBurstCountedToTheLastByte(String url, int n, boolean completesAtOnce)
      throws Exception {
    HttpResponse<InputStream> response =
        client.send(request(url), HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.headers().firstValue("content-encoding")).hasValue("gzip");
    if (completesAtOnce) {
      String query = url.substring(url.indexOf('?') + 1);
      await("the application to complete the burst")
          .atMost(AgentContract.PATIENCE)
          .until(() -> app.stdout().contains("COMPLETED " + query + "\n"));
    }
    byte[] gzipped = readBounded(response.body());
    String expected =
        SseScenario.event(app.canary(), 1)
            + new String(SseScenario.burst(n), StandardCharsets.UTF_8);
    assertThat(gunzip(gzipped)).isEqualTo(expected);

    Telemetry t = app.telemetry();
    String id = AgentContract.awaitValue(() -> t.streamId(url));
    Map<String, Object> end = AgentContract.awaitValue(() -> t.end(id));
    assertThat(end)
        .containsEntry("close_reason", "completed")
        .containsEntry("events", BigDecimal.valueOf(n + 1))
        .containsEntry("bytes", BigDecimal.valueOf(gzipped.length));
    assertNothingLeaked(t);
  }

  /**
   * Reads the gzipped stream at {@code url} until the server ends it, cleanly or by breaking it
   * off, and asserts its record ended with {@code reason} after {@code n} events.
   */
  void assertEndsAfterEvents(String url, int n, String reason) throws Exception {
    HttpResponse<InputStream> response =
        client.send(request(url), HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.headers().firstValue("content-encoding")).hasValue("gzip");
    boolean whole;
    try {
      gunzip(readBounded(response.body()));
      whole = true;
    } catch (IOException cutOff) {
      // the server broke the response off: some of these cases are about that
      whole = false;
    }
    // What the client saw agrees with the record: a whole body completed, a cut one did not.
    if (reason.equals("completed") || reason.equals("upstream_abort")) {
      assertThat(whole)
          .as("the client received the whole body")
          .isEqualTo(reason.equals("completed"));
    }
    Telemetry t = app.telemetry();
    String id = AgentContract.awaitValue(() -> t.streamId(url));
    Map<String, Object> end = AgentContract.awaitValue(() -> t.end(id));
    assertThat(end)
        .containsEntry("close_reason", reason)
        .containsEntry("events", BigDecimal.valueOf(n));
    assertNothingLeaked(t);
  }

  /**
   * The rest of {@code body}, read on another thread for at most the tests' patience (a server that
   * never ends the response fails the test rather than hanging it); what was read before the server
   * broke the response off, if it did.
   */
  static byte[] readBounded(InputStream body) throws Exception {
    ByteArrayOutputStream read = new ByteArrayOutputStream();
    CompletableFuture<Void> done =
        CompletableFuture.runAsync(
            () -> {
              byte[] buf = new byte[64 * 1024];
              try (InputStream in = body) {
                for (int r; (r = in.read(buf)) >= 0; ) {
                  synchronized (read) {
                    read.write(buf, 0, r);
                  }
                }
              } catch (IOException cutOff) {
                // what came before is the answer
              }
            });
    try {
      done.get(AgentContract.PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    } finally {
      body.close();
    }
    synchronized (read) {
      return read.toByteArray();
    }
  }

  /**
   * Asserts the stream {@code id} completed with {@code n} events of the test apps' metadata and
   * {@code bytes} bytes; returns its event records, in order.
   */
  List<Map<String, Object>> assertCompletedWithEvents(Telemetry t, String id, int n, long bytes) {
    Map<String, Object> end = AgentContract.awaitValue(() -> t.end(id));
    assertThat(end)
        .containsEntry("close_reason", "completed")
        .containsEntry("events", BigDecimal.valueOf(n))
        .containsEntry("bytes", BigDecimal.valueOf(bytes));
    assertThat(end.get("ttfe_ms")).isNotNull();
    List<Map<String, Object>> events = t.of(id, "event");
    assertThat(events).hasSize(n);
    for (int i = 1; i <= n; i++) {
      assertThat(events.get(i - 1))
          .containsEntry("seq", BigDecimal.valueOf(i))
          .containsEntry("id", String.valueOf(i))
          .containsEntry(
              "data_bytes",
              BigDecimal.valueOf(
                  SseScenario.data(app.canary(), i).getBytes(StandardCharsets.UTF_8).length));
    }
    return events;
  }

  HttpResponse<byte[]> get(String url) throws Exception {
    HttpResponse<byte[]> response =
        client.send(request(url), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.headers().firstValue("content-encoding")).hasValue("gzip");
    return response;
  }

  HttpRequest request(String url) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + url))
        .header("Accept", "text/event-stream")
        .header("Accept-Encoding", "gzip")
        .timeout(Duration.ofSeconds(30))
        .build();
  }

  /**
   * Asserts the stream {@code id} was recorded with the {@code Content-Encoding: gzip} that went on
   * the wire, the {@code content_encoding} alert, no idle alert (the compressed bytes flowed) and
   * no data in telemetry.
   */
  void assertGzipRecordedWithoutIdleAlerts(Telemetry t, String id) {
    assertThat(t.of(id, "stream_start").get(0).get("response_headers").toString())
        .containsIgnoringCase("content-encoding, gzip");
    List<Map<String, Object>> alerts = t.of(id, "alert");
    assertThat(alerts).anySatisfy(a -> assertThat(a).containsEntry("rule", "content_encoding"));
    assertThat(alerts)
        .noneSatisfy(a -> assertThat(a.get("kind")).isIn("idle_timeout_risk", "no_heartbeats"));
    assertThat(alerts)
        .noneSatisfy(
            a -> assertThat(a.get("rule")).isIn("gap_warning", "gap_critical", "no_heartbeats"));
    assertNothingLeaked(t);
  }

  /** The first {@code n} events the test apps write, as the client reads them. */
  String events(int n) {
    StringBuilder expected = new StringBuilder();
    for (int i = 1; i <= n; i++) {
      expected.append(SseScenario.event(app.canary(), i));
    }
    return expected.toString();
  }

  void assertNothingLeaked(Telemetry t) {
    for (String where : List.of(t.raw(), app.stdout(), app.stderr())) {
      assertThat(where).doesNotContain(app.canary()).doesNotContain(" payload ");
    }
  }

  static String gunzip(byte[] gz) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
