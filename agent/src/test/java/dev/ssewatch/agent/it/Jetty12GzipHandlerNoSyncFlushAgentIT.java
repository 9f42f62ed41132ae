package dev.ssewatch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Jetty 12 (ee10) behind a {@code GzipHandler} that compresses event streams without a sync flush,
 * as it does by default: the servlet's flushes return at once, but the compressor keeps what it was
 * given until a block fills or the response ends, so the client waits for the events. The record
 * must say so: the events are late ({@code write_delay}), not on the wire at the servlet's flush.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Jetty12GzipHandlerNoSyncFlushAgentIT {

  private ChildJvm app;

  @BeforeAll
  void start() throws Exception {
    app =
        ChildJvm.start(
            ChildJvm.testClasspath("jetty-", "jakarta.servlet-api-", "slf4j-api-"),
            "dev.ssewatch.agent.apps.Jetty12App",
            "gzip-handler-no-sync-flush");
  }

  @AfterAll
  void stop() throws Exception {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void eventsTheCompressorHoldsAreLate() throws Exception {
    int n = 30;
    String url = "/sse/ticks?n=" + n + "&case=gzip-handler-no-sync-flush";
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpResponse<InputStream> response =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + url))
                .header("Accept", "text/event-stream")
                .header("Accept-Encoding", "gzip")
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.headers().firstValue("content-encoding")).hasValue("gzip");
    long headers = System.nanoTime();
    String body;
    long firstEvent;
    try (InputStream in = new GZIPInputStream(response.body())) {
      int first = in.read();
      firstEvent = System.nanoTime();
      body = (char) first + new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    StringBuilder expected = new StringBuilder();
    for (int i = 1; i <= n; i++) {
      expected.append(SseScenario.event(app.canary(), i));
    }
    assertThat(body).isEqualTo(expected.toString());
    // The server writes for at least 2.9 s after its first event; the compressor holds them all.
    assertThat(Duration.ofNanos(firstEvent - headers))
        .as("the wait for the first event")
        .isGreaterThan(Duration.ofSeconds(2));

    Telemetry t = app.telemetry();
    String id = AgentContract.awaitValue(() -> t.streamId(url));
    Map<String, Object> end = AgentContract.awaitValue(() -> t.end(id));
    assertThat(end)
        .containsEntry("close_reason", "completed")
        .containsEntry("events", BigDecimal.valueOf(n));
    assertThat(t.of(id, "event")).hasSize(n);
    List<Map<String, Object>> alerts = t.of(id, "alert");
    assertThat(alerts).anySatisfy(a -> assertThat(a).containsEntry("rule", "content_encoding"));
    assertThat(alerts)
        .anySatisfy(
            a ->
                assertThat(a)
                    .containsEntry("kind", "buffering")
                    .containsEntry("rule", "write_delay"));
    // No event is shown on the wire at the servlet's flush: each reached it at the end of the
    // response, at least 100 ms after every event but the last, or its delay is unknown (released
    // at a periodic check past the threshold).
    List<Map<String, Object>> events = t.of(id, "event");
    for (int i = 1; i < n; i++) {
      Object delay = events.get(i - 1).get("write_to_wire_ms");
      if (delay != null) {
        assertThat(((Number) delay).doubleValue())
            .as("write to wire of event %d", i)
            .isGreaterThanOrEqualTo(100.0);
      }
    }
    for (String where : List.of(t.raw(), app.stdout(), app.stderr())) {
      assertThat(where).doesNotContain(app.canary()).doesNotContain(" payload ");
    }
  }
}
