package dev.ssewatch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.agent.apps.SseScenario;
import java.io.ByteArrayInputStream;
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
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What every framework application of the tick scenario is checked for, the framework serving it in
 * a JVM of its own with the packaged agent: {@code /sse/stream?n=N} (N events, each event's data
 * the JSON record {@code {"n":i,"text":…}}, {@code pause} milliseconds apart), {@code /sse/forever}
 * (until the client hangs up) and {@code /sse/content-length?n=N} (an event-stream body sized with
 * {@code Content-Length}). The stream is recorded with every event and its metadata, a client that
 * hangs up is {@code client_abort}, the framework's gzip of an event stream is recorded with its
 * coding, every event and the compressed bytes, and no idle alert while compressed events flow (the
 * idle budget is cut to two seconds, a warning after one, so that compressed bytes the agent failed
 * to see as wire activity would raise one within the test); nothing leaks. A framework's class says
 * how it is started and how it writes an event.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TickStreamContract {

  static final Duration PATIENCE = AgentContract.PATIENCE;

  final String clientSecret = "CLIENT-SECRET-" + UUID.randomUUID();
  final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  ChildJvm app;

  /** The Java to run the application on. */
  Path java() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  /** Starts the application on {@link #java()}, its idle budget cut to {@code 2s}. */
  abstract ChildJvm startApp() throws Exception;

  /** Event {@code i} of a stream as the framework writes it, data {@link #json}. */
  abstract String wireEvent(String canary, int i);

  @BeforeAll
  void start() throws Exception {
    app = startApp();
  }

  @AfterAll
  void stop() throws Exception {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void recordsEveryEventOfAStreamWithItsMetadata() throws Exception {
    int n = 5;
    String url = "/sse/stream?n=" + n + "&case=stream";
    HttpResponse<String> response =
        client.send(request(url).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.headers().firstValue("content-encoding")).isEmpty();
    assertThat(response.body()).as("the bytes the client receives").isEqualTo(events(n));

    Telemetry t = app.telemetry();
    String id = AgentContract.awaitValue(() -> t.streamId(url));
    Map<String, Object> end = AgentContract.awaitValue(() -> t.end(id));
    assertThat(end)
        .containsEntry("close_reason", "completed")
        .containsEntry("source", "agent")
        .containsEntry("events", BigDecimal.valueOf(n))
        .containsEntry("event_stream", true)
        .containsEntry("bytes", BigDecimal.valueOf(utf8(response.body()).length));
    assertEvents(t.of(id, "event"), n);
    Map<String, Object> start = t.of(id, "stream_start").get(0);
    assertThat(start)
        .containsEntry("status", BigDecimal.valueOf(200))
        .containsEntry("method", "GET");
    assertThat(String.valueOf(start.get("content_type"))).startsWith("text/event-stream");
    assertThat(start.get("request_headers").toString().toLowerCase(Locale.ROOT))
        .contains("[authorization, [redacted]]");
    assertThat(start.get("response_headers").toString()).contains("[REDACTED]");
    assertThat(alertRules(end)).doesNotContain("content_length", "content_encoding");
    assertNothingLeaked();
  }

  @Test
  void recordsAClientDisconnectAsClientAbort() throws Exception {
    String url = "/sse/forever?case=abort";
    HttpResponse<InputStream> response =
        client.send(request(url).build(), HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = response.body()) {
      String seen = "";
      byte[] buf = new byte[4096];
      while (seen.split("\n\n", -1).length < 3) {
        int n = in.read(buf);
        assertThat(n).as("the stream goes on").isPositive();
        seen += new String(buf, 0, n, StandardCharsets.UTF_8);
      }
    }
    Telemetry t = app.telemetry();
    String id = AgentContract.awaitValue(() -> t.streamId(url));
    Map<String, Object> end = AgentContract.awaitValue(() -> t.end(id));
    assertThat(end).containsEntry("close_reason", "client_abort");
    assertThat((BigDecimal) end.get("events")).isGreaterThanOrEqualTo(BigDecimal.valueOf(2));
    assertNothingLeaked();
  }

  /**
   * The framework's gzip of an event stream (set up by its application class): the record has the
   * coding, the {@code content_encoding} alert fires, every event is counted from the compressed
   * body, the stream's bytes are the compressed bytes, and 3 s of compressed events raise no idle
   * alert.
   */
  @Test
  void aGzippedStreamIsRecordedWithItsCodingAndEveryEventAndIsNotIdle() throws Exception {
    int n = 30;
    String url = "/sse/stream?n=" + n + "&pause=100&case=gzip";
    HttpResponse<byte[]> response =
        client.send(
            request(url).header("Accept-Encoding", "gzip").build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.headers().firstValue("content-encoding")).hasValue("gzip");
    assertThat(gunzip(response.body())).isEqualTo(events(n));

    Telemetry t = app.telemetry();
    String id = AgentContract.awaitValue(() -> t.streamId(url));
    Map<String, Object> end = AgentContract.awaitValue(() -> t.end(id));
    assertThat(end)
        .containsEntry("close_reason", "completed")
        .containsEntry("events", BigDecimal.valueOf(n))
        .containsEntry("bytes", BigDecimal.valueOf(response.body().length));
    assertThat(end.get("ttfe_ms")).isNotNull();
    assertEvents(t.of(id, "event"), n);
    assertThat(t.of(id, "stream_start").get(0).get("response_headers").toString())
        .containsIgnoringCase("content-encoding, gzip");
    // The rules the stream tripped, whether its alerts were exported or grouped with an earlier
    // stream's of the same route.
    assertThat(alertRules(end))
        .contains("content_encoding")
        .doesNotContain("gap_warning", "gap_critical", "no_heartbeats");
    assertNothingLeaked();
  }

  @Test
  void aContentLengthOnAnEventStreamRaisesABufferingAlert() throws Exception {
    int n = 3;
    String url = "/sse/content-length?n=" + n + "&case=content-length";
    HttpResponse<String> response =
        client.send(request(url).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.headers().firstValue("content-length")).isPresent();
    StringBuilder expected = new StringBuilder();
    for (int i = 1; i <= n; i++) {
      expected.append(SseScenario.event(app.canary(), i));
    }
    assertThat(response.body()).isEqualTo(expected.toString());

    Telemetry t = app.telemetry();
    String id = AgentContract.awaitValue(() -> t.streamId(url));
    Map<String, Object> end = AgentContract.awaitValue(() -> t.end(id));
    assertThat(end)
        .containsEntry("close_reason", "completed")
        .containsEntry("events", BigDecimal.valueOf(n));
    assertThat(alertRules(end)).contains("content_length");
    assertNothingLeaked();
  }

  /** The events of the scenario, each with its metadata and its time from write to wire. */
  final void assertEvents(List<Map<String, Object>> events, int n) {
    assertThat(events).hasSize(n);
    for (int i = 1; i <= n; i++) {
      Map<String, Object> e = events.get(i - 1);
      assertThat(e)
          .containsEntry("seq", BigDecimal.valueOf(i))
          .containsEntry("type", "tick")
          .containsEntry("id", String.valueOf(i))
          .containsEntry("data_bytes", BigDecimal.valueOf(utf8(json(app.canary(), i)).length))
          .containsEntry("data_lines", BigDecimal.ONE);
      assertThat(e.get("write_to_wire_ms")).as("write to wire of event %d", i).isNotNull();
    }
  }

  /** The rules a stream tripped, as its {@code stream_end} lists them. */
  static List<String> alertRules(Map<String, Object> end) {
    return ((List<?>) end.get("alert_rules")).stream().map(String::valueOf).toList();
  }

  /** Neither event data nor the secrets in headers appear in telemetry or the agent's output. */
  final void assertNothingLeaked() {
    for (String where : List.of(app.telemetry().raw(), app.stdout(), app.stderr())) {
      assertThat(where)
          .doesNotContain(app.canary())
          .doesNotContain(clientSecret)
          .doesNotContain(" payload ");
    }
  }

  final HttpRequest.Builder request(String url) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + url))
        .header("Accept", "text/event-stream")
        .header("Authorization", "Bearer " + clientSecret)
        .timeout(PATIENCE);
  }

  /** Event {@code i}'s data: the record as the framework's JSON writer writes it. */
  static String json(String canary, int i) {
    return "{\"n\":" + i + ",\"text\":\"" + SseScenario.data(canary, i) + "\"}";
  }

  /** The first {@code n} events as the framework writes them. */
  final String events(int n) {
    StringBuilder out = new StringBuilder();
    for (int i = 1; i <= n; i++) {
      out.append(wireEvent(app.canary(), i));
    }
    return out.toString();
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String gunzip(byte[] gz) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
