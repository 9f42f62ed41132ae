package dev.ssewatch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.agent.apps.SseScenario;
import java.io.FilterInputStream;
import java.io.IOException;
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
 * must say so: the events are late ({@code write_delay}), not on the wire at the servlet's flush,
 * and the wire is silent meanwhile (an idle alert, the idle budget cut to two seconds), while the
 * stream's bytes are the compressed body the client received.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Jetty12GzipHandlerNoSyncFlushAgentIT {

  private ChildJvm app;

  @BeforeAll
  void start() throws Exception {
    app =
        ChildJvm.start(
            new ChildJvm.Options().jvmArg("-Dssewatch.idle.budget=2s"),
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
    long[] received = {0};
    // Counts the body as it came, compressed (the client does not decode it itself).
    InputStream raw =
        new FilterInputStream(response.body()) {
          @Override
          public int read() throws IOException {
            int b = super.read();
            received[0] += b < 0 ? 0 : 1;
            return b;
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            received[0] += Math.max(0, n);
            return n;
          }
        };
    try (InputStream in = new GZIPInputStream(raw)) {
      int first = in.read();
      firstEvent = System.nanoTime();
      body = (char) first + new String(in.readAllBytes(), StandardCharsets.UTF_8);
      raw.readAllBytes();
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
        .containsEntry("events", BigDecimal.valueOf(n))
        .containsEntry("bytes", BigDecimal.valueOf(received[0]));
    assertThat(t.of(id, "event")).hasSize(n);
    List<Map<String, Object>> alerts = t.of(id, "alert");
    assertThat(alerts).anySatisfy(a -> assertThat(a).containsEntry("rule", "content_encoding"));
    assertThat(alerts)
        .anySatisfy(
            a ->
                assertThat(a)
                    .containsEntry("kind", "buffering")
                    .containsEntry("rule", "write_delay"));
    // Nothing reached the wire for nearly 3 s while the servlet wrote an event every 100 ms.
    assertThat(alerts)
        .anySatisfy(
            a ->
                assertThat(a)
                    .containsEntry("kind", "idle_timeout_risk")
                    .satisfies(x -> assertThat(x.get("rule")).isIn("gap_warning", "gap_critical")));
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
