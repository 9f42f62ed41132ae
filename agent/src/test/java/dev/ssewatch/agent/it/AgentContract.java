package dev.ssewatch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssewatch.agent.apps.SseScenario;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What every server must show with the agent attached: each stream recorded with its events'
 * metadata, the application's bytes unchanged, client disconnects as {@code client_abort}, and no
 * event data or secret anywhere in the telemetry or the agent's output. One application JVM serves
 * all the scenarios of a class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AgentContract {

  static final Duration PATIENCE = Duration.ofSeconds(30);

  private final String clientSecret = "CLIENT-SECRET-" + UUID.randomUUID();
  private HttpClient client;
  private ChildJvm app;

  abstract ChildJvm startApp() throws Exception;

  @BeforeAll
  void startApplication() throws Exception {
    app = startApp();
    client =
        HttpClient.newBuilder()
            .version(httpVersion())
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  @AfterAll
  void stopApplication() throws Exception {
    if (app != null) {
      app.close();
    }
  }

  /**
   * The protocol the client asks for; {@code HTTP_2} over {@code http://} upgrades through h2c, and
   * every response is then checked to have come over it.
   */
  HttpClient.Version httpVersion() {
    return HttpClient.Version.HTTP_1_1;
  }

  ChildJvm app() {
    return app;
  }

  Telemetry telemetry() {
    return app.telemetry();
  }

  @Test
  void recordsEveryEventOfAStreamWithItsMetadata() throws Exception {
    assertCompletedStream("/sse/stream?n=5&case=stream", 5);
  }

  @Test
  void recordsAClientDisconnectAsClientAbort() throws Exception {
    assertClientAbort("/sse/forever?case=abort");
  }

  @Test
  void printsOneStartupLineNamingWhatItInstruments() {
    app.awaitAgent();
    assertThat(app.stderr().lines().filter(l -> l.startsWith("[ssewatch] agent ")))
        .singleElement()
        .asString()
        .contains("instrumenting servlet (jakarta.servlet, javax.servlet), netty http (4.1, 4.2)")
        .contains("undertow core (2.x)")
        .contains("jdk http server (com.sun.net.httpserver)");
  }

  /** What the server writes before the first event. */
  String expectedPreamble() {
    return "";
  }

  /** The bytes of event {@code i} as the server writes them. */
  String expectedEvent(String canary, int i) {
    return SseScenario.event(canary, i);
  }

  /** Fetches a stream to its end and checks what the agent recorded. */
  void assertCompletedStream(String url, int n) throws Exception {
    HttpResponse<String> response = client.send(request(url), HttpResponse.BodyHandlers.ofString());
    assertThat(response.version()).as("the protocol it came over").isEqualTo(httpVersion());
    StringBuilder expected = new StringBuilder(expectedPreamble());
    for (int i = 1; i <= n; i++) {
      expected.append(expectedEvent(app.canary(), i));
    }
    assertThat(response.body()).as("the bytes the client receives").isEqualTo(expected.toString());

    String id = awaitValue(() -> telemetry().streamId(url));
    Map<String, Object> end = awaitValue(() -> telemetry().end(id));
    assertThat(end)
        .containsEntry("close_reason", "completed")
        .containsEntry("source", "agent")
        .containsEntry("events", BigDecimal.valueOf(n))
        .containsEntry("event_stream", true);
    List<Map<String, Object>> events = telemetry().of(id, "event");
    assertThat(events).hasSize(n);
    for (int i = 1; i <= n; i++) {
      Map<String, Object> e = events.get(i - 1);
      assertThat(e)
          .containsEntry("seq", BigDecimal.valueOf(i))
          .containsEntry("type", "tick")
          .containsEntry("id", String.valueOf(i))
          .containsEntry(
              "data_bytes",
              BigDecimal.valueOf(
                  SseScenario.data(app.canary(), i).getBytes(StandardCharsets.UTF_8).length))
          .containsEntry("data_lines", BigDecimal.ONE);
      assertThat(e.get("write_to_wire_ms")).as("write to wire of event %d", i).isNotNull();
    }
    Map<String, Object> start = telemetry().of(id, "stream_start").get(0);
    assertThat(start)
        .containsEntry("status", BigDecimal.valueOf(200))
        .containsEntry("method", "GET");
    assertThat(String.valueOf(start.get("content_type"))).startsWith("text/event-stream");
    // Header names keep the case they arrived in, which some servers normalise.
    assertThat(start.get("request_headers").toString().toLowerCase(java.util.Locale.ROOT))
        .contains("[authorization, [redacted]]");
    assertThat(start.get("response_headers").toString()).contains("[REDACTED]");
    assertNothingLeaked();
  }

  /**
   * Fetches a stream that a server's own SSE writer formats (its field order and spacing differ
   * from the scenario's bytes) and checks what the agent recorded of its {@code n} events.
   */
  void assertRecordedEvents(String url, int n) throws Exception {
    HttpResponse<String> response =
        client().send(request(url), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body().split("\n\n", -1)).as("events the client receives").hasSize(n + 1);
    String id = awaitValue(() -> telemetry().streamId(url));
    Map<String, Object> end = awaitValue(() -> telemetry().end(id));
    assertThat(end)
        .containsEntry("close_reason", "completed")
        .containsEntry("events", BigDecimal.valueOf(n))
        .containsEntry("event_stream", true);
    List<Map<String, Object>> events = telemetry().of(id, "event");
    assertThat(events).hasSize(n);
    for (int i = 1; i <= n; i++) {
      assertThat(events.get(i - 1))
          .containsEntry("seq", BigDecimal.valueOf(i))
          .containsEntry("type", "tick")
          .containsEntry("id", String.valueOf(i))
          .containsEntry(
              "data_bytes",
              BigDecimal.valueOf(
                  SseScenario.data(app().canary(), i).getBytes(StandardCharsets.UTF_8).length));
      assertThat(events.get(i - 1).get("write_to_wire_ms"))
          .as("write to wire of event %d", i)
          .isNotNull();
    }
    assertNothingLeaked();
  }

  /** Opens a never-ending stream, reads two events and hangs up. */
  void assertClientAbort(String url) throws Exception {
    HttpResponse<InputStream> response =
        client.send(request(url), HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.version()).as("the protocol it came over").isEqualTo(httpVersion());
    try (InputStream in = response.body()) {
      String seen = "";
      byte[] buf = new byte[4096];
      while (seen.split("\n\n", -1).length < 3) {
        int n = in.read(buf);
        assertThat(n).as("the stream goes on").isPositive();
        seen += new String(buf, 0, n, StandardCharsets.UTF_8);
      }
    }
    String id = awaitValue(() -> telemetry().streamId(url));
    Map<String, Object> end = awaitValue(() -> telemetry().end(id));
    assertThat(end).containsEntry("close_reason", "client_abort");
    assertThat((BigDecimal) end.get("events")).isGreaterThanOrEqualTo(BigDecimal.valueOf(2));
    assertNothingLeaked();
  }

  /** Neither event data nor the secrets in headers appear in telemetry or the agent's output. */
  void assertNothingLeaked() {
    for (String where : List.of(telemetry().raw(), app.stdout(), app.stderr())) {
      assertThat(where)
          .doesNotContain(app.canary())
          .doesNotContain(clientSecret)
          .doesNotContain(" payload ");
    }
  }

  HttpRequest request(String url) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + url))
        .header("Accept", "text/event-stream")
        .header("Authorization", "Bearer " + clientSecret)
        .timeout(PATIENCE)
        .build();
  }

  HttpClient client() {
    return client;
  }

  static <T> T awaitValue(Supplier<T> value) {
    AtomicReference<T> ref = new AtomicReference<>();
    await()
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              ref.set(value.get());
              return ref.get() != null;
            });
    return ref.get();
  }
}
