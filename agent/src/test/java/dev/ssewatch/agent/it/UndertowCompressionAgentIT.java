package dev.ssewatch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Undertow core handlers (the blocking output stream and {@code ServerSentEventHandler}) behind
 * Undertow's {@code EncodingHandler} gzipping every text response: the record has the coding the
 * response went out with, the coded bytes the client received as its bytes, and every event.
 */
class UndertowCompressionAgentIT extends GzippedStreamCase {

  @Override
  ChildJvm start(ChildJvm.Options options) throws Exception {
    return ChildJvm.start(
        options,
        ChildJvm.testClasspath("undertow-core-", "xnio-", "jboss-", "wildfly-"),
        "dev.ssewatch.agent.apps.UndertowApp",
        "compression");
  }

  @Override
  String casePrefix() {
    return "undertow-core-gzip";
  }

  @Test
  void aBlockingStreamTheHandlerGzipsCountsTheCodedBytesAndEveryEvent() throws Exception {
    int n = 30;
    String url = "/sse/ticks?n=" + n + "&case=" + casePrefix();
    HttpResponse<byte[]> response = get(url);
    assertThat(gunzip(response.body())).isEqualTo(events(n));

    Telemetry t = app.telemetry();
    String id = AgentContract.awaitValue(() -> t.streamId(url));
    assertCompletedWithEvents(t, id, n, response.body().length);
    assertGzipRecordedWithoutIdleAlerts(t, id);
  }

  @Test
  void theServerSentEventHandlerGzippedCountsTheCodedBytesAndEveryEvent() throws Exception {
    int n = 4;
    String url = "/sse/handler/stream?n=" + n + "&case=" + casePrefix() + "-handler";
    HttpResponse<byte[]> response = get(url);
    assertThat(gunzip(response.body())).contains("id:" + n);

    Telemetry t = app.telemetry();
    String id = AgentContract.awaitValue(() -> t.streamId(url));
    assertCompletedWithEvents(t, id, n, response.body().length);
    assertGzipRecordedWithoutIdleAlerts(t, id);
  }

  @Test
  void aClientThatHangsUpOnTheGzippedHandlerIsAClientAbort() throws Exception {
    String url = "/sse/handler/forever?case=" + casePrefix() + "-handler-abort";
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

  @Test
  void aGzippedResponseThatIsNotAnEventStreamIsLeftAlone() throws Exception {
    String url = "/sse/plain?case=" + casePrefix() + "-plain";
    assertThat(gunzip(get(url).body())).isEqualTo("not an event stream");
    // A stream served after it is recorded, so by then the plain one would have been too.
    String after = "/sse/stream?n=1&case=" + casePrefix() + "-after-plain";
    get(after);
    Telemetry t = app.telemetry();
    String id = AgentContract.awaitValue(() -> t.streamId(after));
    AgentContract.awaitValue(() -> t.end(id));
    assertThat(t.records()).noneSatisfy(r -> assertThat(r.get("url")).isEqualTo(url));
  }

  private void assertGzipRecordedWithoutIdleAlerts(Telemetry t, String id) {
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
}
