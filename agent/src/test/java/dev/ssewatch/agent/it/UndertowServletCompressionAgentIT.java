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
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Undertow's servlet layer behind Undertow's {@code EncodingHandler} gzipping event streams (Spring
 * Boot's {@code server.compression.enabled=true} on Undertow): the handler compresses below the
 * servlet layer and adds {@code Content-Encoding: gzip} when the response starts, so the agent,
 * reading the servlet output, records the coding from the committed headers and counts and parses
 * the bytes before compression. The idle budget is cut to two seconds so that a stream whose wire
 * activity went unseen would raise idle alerts within the test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UndertowServletCompressionAgentIT {

  private ChildJvm app;
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /** The Java to run the server on. */
  Path java() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  @BeforeAll
  void start() throws Exception {
    app =
        ChildJvm.start(
            new ChildJvm.Options().java(java()).jvmArg("-Dssewatch.idle.budget=2s"),
            ChildJvm.testClasspath(
                "undertow-",
                "xnio-",
                "jboss-",
                "wildfly-",
                "jakarta.servlet-api-",
                "jakarta.annotation-api-"),
            "dev.ssewatch.agent.apps.UndertowServletApp",
            "compression");
  }

  @AfterAll
  void stop() throws Exception {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void aStreamUndertowGzipsIsRecordedWithItsCodingAndEveryEvent() throws Exception {
    int n = 30;
    String url = "/sse/ticks?n=" + n + "&case=undertow-gzip";
    HttpResponse<byte[]> response = get(url);
    String body = gunzip(response.body());
    assertThat(body).isEqualTo(events(n));

    Telemetry t = app.telemetry();
    String id = AgentContract.awaitValue(() -> t.streamId(url));
    Map<String, Object> end = AgentContract.awaitValue(() -> t.end(id));
    // The agent reads above the compressor: its bytes are the servlet's, before compression.
    assertThat(end)
        .containsEntry("close_reason", "completed")
        .containsEntry("events", BigDecimal.valueOf(n))
        .containsEntry("bytes", BigDecimal.valueOf(utf8Length(body)));
    assertThat(end.get("ttfe_ms")).isNotNull();
    List<Map<String, Object>> events = t.of(id, "event");
    assertThat(events).hasSize(n);
    for (int i = 1; i <= n; i++) {
      Map<String, Object> e = events.get(i - 1);
      assertThat(e)
          .containsEntry("seq", BigDecimal.valueOf(i))
          .containsEntry("id", String.valueOf(i))
          .containsEntry(
              "data_bytes",
              BigDecimal.valueOf(
                  SseScenario.data(app.canary(), i).getBytes(StandardCharsets.UTF_8).length));
      // Each event is on the wire at its own flush (how soon depends on the machine: a first flush
      // loads the compressor's classes), not released later with its delay unknown.
      assertThat(e.get("write_to_wire_ms")).as("write to wire of event %d", i).isNotNull();
    }
    assertThat(t.of(id, "stream_start").get(0).get("response_headers").toString())
        .containsIgnoringCase("content-encoding, gzip");
    List<Map<String, Object>> alerts = t.of(id, "alert");
    assertThat(alerts).anySatisfy(a -> assertThat(a).containsEntry("rule", "content_encoding"));
    // Events 100 ms apart for 3 s against a 2 s budget (warning at 1 s): no silence on the wire, so
    // no idle alert.
    assertThat(alerts)
        .noneSatisfy(a -> assertThat(a.get("kind")).isIn("idle_timeout_risk", "no_heartbeats"));
    assertThat(alerts)
        .noneSatisfy(
            a -> assertThat(a.get("rule")).isIn("gap_warning", "gap_critical", "no_heartbeats"));
    assertNothingLeaked(t);
  }

  @Test
  void aStreamWrittenThroughTheWriterIsRecordedToo() throws Exception {
    String url = "/sse/writer?n=4&case=undertow-gzip-writer";
    HttpResponse<byte[]> response = get(url);
    String body = gunzip(response.body());
    assertThat(body).isEqualTo(events(4));

    Telemetry t = app.telemetry();
    String id = AgentContract.awaitValue(() -> t.streamId(url));
    assertThat(AgentContract.awaitValue(() -> t.end(id)))
        .containsEntry("close_reason", "completed")
        .containsEntry("events", BigDecimal.valueOf(4))
        .containsEntry("bytes", BigDecimal.valueOf(utf8Length(body)));
    assertThat(t.of(id, "stream_start").get(0).get("response_headers").toString())
        .containsIgnoringCase("content-encoding, gzip");
    assertNothingLeaked(t);
  }

  @Test
  void aClientThatHangsUpOnAGzippedStreamIsAClientAbort() throws Exception {
    String url = "/sse/forever?case=undertow-gzip-abort";
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

  private HttpResponse<byte[]> get(String url) throws Exception {
    HttpResponse<byte[]> response =
        client.send(request(url), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.headers().firstValue("content-encoding")).hasValue("gzip");
    return response;
  }

  private HttpRequest request(String url) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + url))
        .header("Accept", "text/event-stream")
        .header("Accept-Encoding", "gzip")
        .timeout(Duration.ofSeconds(30))
        .build();
  }

  private String events(int n) {
    StringBuilder expected = new StringBuilder();
    for (int i = 1; i <= n; i++) {
      expected.append(SseScenario.event(app.canary(), i));
    }
    return expected.toString();
  }

  private void assertNothingLeaked(Telemetry t) {
    for (String where : List.of(t.raw(), app.stdout(), app.stderr())) {
      assertThat(where).doesNotContain(app.canary()).doesNotContain(" payload ");
    }
  }

  private static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  private static String gunzip(byte[] gz) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
