package dev.ssewatch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.agent.apps.spring.SpringEvents;
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
 * A Spring Boot application with {@code server.compression.enabled=true} and {@code
 * text/event-stream} among the compressed MIME types, to a client that accepts gzip: the recorded
 * headers have the coding the server put on the wire, the {@code content_encoding} alert fires,
 * every event is counted, the stream's bytes are the compressed bytes, and a stream whose
 * compressed bytes flow raises no idle alert. The idle budget is cut to two seconds (a warning
 * after one) so that unseen wire activity would raise one within the test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SpringCompressionContract {

  private ChildJvm app;

  /** The Java to run the application on. */
  Path java() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  abstract List<Path> classpath();

  abstract String mainClass();

  @BeforeAll
  void start() throws Exception {
    app =
        ChildJvm.start(
            new ChildJvm.Options().java(java()).jvmArg("-Dssewatch.idle.budget=2s"),
            classpath(),
            mainClass(),
            SpringArgs.compression());
  }

  @AfterAll
  void stop() throws Exception {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void aGzippedStreamIsRecordedWithItsCodingAndEveryEventAndIsNotIdle() throws Exception {
    // 30 events 100 ms apart: 3 s of a stream that is never silent for long.
    int n = 30;
    String url = "/sse/stream?n=" + n + "&pause=100&case=gzip";
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpResponse<byte[]> response =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + url))
                .header("Accept", "text/event-stream")
                .header("Accept-Encoding", "gzip")
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.headers().firstValue("content-encoding")).hasValue("gzip");
    StringBuilder expected = new StringBuilder();
    for (int i = 1; i <= n; i++) {
      expected.append(SpringEvents.event(app.canary(), i));
    }
    assertThat(gunzip(response.body())).isEqualTo(expected.toString());

    Telemetry t = app.telemetry();
    String id = AgentContract.awaitValue(() -> t.streamId(url));
    Map<String, Object> end = AgentContract.awaitValue(() -> t.end(id));
    assertThat(end)
        .containsEntry("close_reason", "completed")
        .containsEntry("events", BigDecimal.valueOf(n));
    // The compressed body as the client received it (this client does not decompress): Netty's
    // compressor runs in the pipeline the agent reads, Tomcat's output is read below the Servlet
    // API.
    assertThat(end).containsEntry("bytes", BigDecimal.valueOf(response.body().length));
    assertThat(end.get("ttfe_ms")).isNotNull();
    List<Map<String, Object>> events = t.of(id, "event");
    assertThat(events).hasSize(n);
    assertThat(events.get(n - 1)).containsEntry("id", String.valueOf(n));
    assertThat(t.of(id, "stream_start").get(0).get("response_headers").toString())
        .containsIgnoringCase("content-encoding, gzip");
    List<Map<String, Object>> alerts = t.of(id, "alert");
    assertThat(alerts)
        .anySatisfy(
            a ->
                assertThat(a)
                    .containsEntry("kind", "buffering")
                    .containsEntry("rule", "content_encoding"));
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
