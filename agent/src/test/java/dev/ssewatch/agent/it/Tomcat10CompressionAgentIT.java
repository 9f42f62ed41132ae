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
 * Tomcat 10.1 with its connector's compression on for event streams (Spring Boot's {@code
 * server.compression.enabled=true} with {@code text/event-stream} among the MIME types): Tomcat
 * adds {@code Content-Encoding: gzip} when the response commits, below the Servlet API, so the
 * agent sees the events uncompressed and must read the headers at the commit to see the coding.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Tomcat10CompressionAgentIT {

  private ChildJvm app;

  /** The Java to run the server on. */
  Path java() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  @BeforeAll
  void start() throws Exception {
    app =
        ChildJvm.start(
            new ChildJvm.Options().java(java()),
            ChildJvm.testClasspath("tomcat-embed-core-", "tomcat-annotations-api-"),
            "dev.ssewatch.agent.apps.TomcatApp",
            "jakarta",
            "compression");
  }

  @AfterAll
  void stop() throws Exception {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void theContainersGzipIsInTheRecordAndRaisesTheAlert() throws Exception {
    assertGzipped("/sse/stream?n=4&case=gzip-flushed", 4);
  }

  @Test
  void theContainersGzipOnAnUnflushedStreamIsInTheRecordToo() throws Exception {
    assertGzipped("/sse/unflushed?n=3&case=gzip-unflushed", 3);
  }

  private void assertGzipped(String url, int n) throws Exception {
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
        .containsEntry("events", BigDecimal.valueOf(n));
    assertThat(t.of(id, "event")).hasSize(n);
    assertThat(t.of(id, "stream_start").get(0).get("response_headers").toString())
        .containsIgnoringCase("content-encoding, gzip");
    List<Map<String, Object>> alerts = t.of(id, "alert");
    assertThat(alerts)
        .anySatisfy(
            a ->
                assertThat(a)
                    .containsEntry("kind", "buffering")
                    .containsEntry("rule", "content_encoding"));
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
