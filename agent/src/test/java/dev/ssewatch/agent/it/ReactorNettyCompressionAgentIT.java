package dev.ssewatch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.agent.apps.SseScenario;
import java.io.ByteArrayInputStream;
import java.io.IOException;
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
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Reactor Netty (Netty 4.1) with gzip on, as WebFlux with {@code server.compression.enabled}: the
 * agent sees the compressed body, counts its bytes as the wire's, decodes it for the events, and
 * raises the header alert, not idle alerts. The idle budget is cut to two seconds so that a stream
 * whose bytes went unseen would raise them within the test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReactorNettyCompressionAgentIT {

  private ChildJvm app;

  /** The Java to run the server on. */
  Path java() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  @BeforeAll
  void start() throws Exception {
    app =
        ChildJvm.start(
            new ChildJvm.Options().java(java()).jvmArg("-Dssewatch.idle.budget=2s"),
            ChildJvm.copiedClasspath("netty41"),
            "dev.ssewatch.agent.apps.ReactorNettyApp");
  }

  @AfterAll
  void stop() throws Exception {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void aGzippedStreamIsCountedDecodedAndNotIdle() throws Exception {
    int n = 30;
    String url = "/sse/ticks?n=" + n + "&case=gzip";
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpResponse<byte[]> response =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + url))
                .header("Accept-Encoding", "gzip")
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.headers().firstValue("content-encoding")).hasValue("gzip");
    StringBuilder expected = new StringBuilder();
    for (int i = 1; i <= n; i++) {
      expected.append(SseScenario.event(app.canary(), i));
    }
    assertThat(gunzip(response.body())).isEqualTo(expected.toString());

    Telemetry t = app.telemetry();
    String id = AgentContract.awaitValue(() -> t.streamId(url));
    Map<String, Object> end = AgentContract.awaitValue(() -> t.end(id));
    assertThat(end)
        .containsEntry("close_reason", "completed")
        .containsEntry("events", BigDecimal.valueOf(n))
        .containsEntry("bytes", BigDecimal.valueOf(response.body().length));
    assertThat(end.get("ttfe_ms")).isNotNull();
    List<Map<String, Object>> events = t.of(id, "event");
    assertThat(events).hasSize(n);
    assertThat(events.get(n - 1)).containsEntry("id", String.valueOf(n));
    List<Map<String, Object>> alerts = t.of(id, "alert");
    assertThat(alerts).anySatisfy(a -> assertThat(a).containsEntry("rule", "content_encoding"));
    // Events 100 ms apart for 3 s against a 2 s budget (warning at 1 s): no silence on the wire, so
    // no idle alert.
    assertThat(alerts)
        .noneSatisfy(a -> assertThat(a.get("kind")).isIn("idle_timeout_risk", "no_heartbeats"));
    assertThat(alerts)
        .extracting(a -> a.get("rule"))
        .doesNotContain("gap_warning", "gap_critical", "no_heartbeats");
    for (String where : List.of(t.raw(), app.stdout(), app.stderr())) {
      assertThat(where).doesNotContain(app.canary()).doesNotContain(" payload ");
    }
  }

  private static String gunzip(byte[] gz) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
