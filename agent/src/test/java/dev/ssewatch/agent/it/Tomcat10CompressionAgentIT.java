package dev.ssewatch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Tomcat 10.1 with its connector's compression on for event streams (Spring Boot's {@code
 * server.compression.enabled=true} with {@code text/event-stream} among the MIME types): Tomcat
 * adds {@code Content-Encoding: gzip} when the response commits and compresses below the Servlet
 * API. The agent reads the headers at the commit to see the coding, parses the servlet's bytes for
 * the events, and counts the compressor's output as the stream's bytes: exactly the body the client
 * receives (the client here does not decompress what it reads; the tests do, to check the events).
 */
class Tomcat10CompressionAgentIT extends GzippedStreamCase {

  @Override
  ChildJvm start(ChildJvm.Options options) throws Exception {
    return ChildJvm.start(
        options,
        ChildJvm.testClasspath("tomcat-embed-core-", "tomcat-annotations-api-"),
        "dev.ssewatch.agent.apps.TomcatApp",
        "jakarta",
        "compression");
  }

  @Override
  String casePrefix() {
    return "tomcat-gzip";
  }

  @Test
  void aStreamCutShortOfItsContentLengthEnds() throws Exception {
    // Tomcat drops the length of a response it compresses and sends it whole.
    assertEndsAfterEvents("/sse/short?n=3&case=" + casePrefix() + "-short", 3, "completed");
  }

  @Test
  void aStreamTheAsyncTimeoutEndsIsRecordedToItsEnd() throws Exception {
    // Tomcat cuts a committed response off when its asynchronous request times out, without the
    // finish the stream waits for: it ends when Tomcat recycles the response.
    assertEndsAfterEvents(
        "/sse/async-timeout?n=3&timeout=500&case=" + casePrefix() + "-async-timeout",
        3,
        "upstream_abort");
  }

  @Test
  void compressedBytesOfNonBlockingOutputAreCountedToTheLastByte() throws Exception {
    // Tomcat compresses inside the write and cuts off a response completed with a write pending:
    // the application completes once the output is ready again.
    assertBurstCountedToTheLastByte(
        "/sse/nonblocking-burst?n=256&when-ready&case=" + casePrefix() + "-burst", 256, false);
  }

  @Test
  void theContainersGzipIsInTheRecordAndRaisesTheAlert() throws Exception {
    assertContentEncodingAlert(assertGzipped("/sse/stream?n=4&case=gzip-flushed", 4));
  }

  @Test
  void theContainersGzipOnAnUnflushedStreamIsInTheRecordToo() throws Exception {
    assertContentEncodingAlert(assertGzipped("/sse/unflushed?n=3&case=gzip-unflushed", 3));
  }

  @Test
  void aStreamWrittenThroughTheWriterCountsItsCompressedBytesToo() throws Exception {
    assertGzipped("/sse/writer?n=4&case=gzip-writer", 4);
  }

  @Test
  void aGzippedStreamWhoseCompressedBytesFlowRaisesNoIdleAlert() throws Exception {
    // Events 100 ms apart for 3 s against a 2 s budget (warning at 1 s): the wire is never silent
    // for long, so no idle alert.
    int n = 30;
    String url = "/sse/ticks?n=" + n + "&case=gzip-ticks";
    List<Map<String, Object>> alerts = assertGzipped(url, n);
    Telemetry t = app.telemetry();
    for (Map<String, Object> e : t.of(t.streamId(url), "event")) {
      // Each event is on the wire at its own flush, timed from the servlet's flush.
      assertThat(e.get("write_to_wire_ms"))
          .as("write to wire of event %s", e.get("seq"))
          .isNotNull();
    }
    assertThat(alerts)
        .noneSatisfy(a -> assertThat(a.get("kind")).isIn("idle_timeout_risk", "no_heartbeats"));
    assertThat(alerts)
        .extracting(a -> a.get("rule"))
        .doesNotContain("gap_warning", "gap_critical", "no_heartbeats");
  }

  @Test
  void aCompressedResponseThatIsNotAnEventStreamIsLeftAloneOnTheSameConnection() throws Exception {
    // One client, requests one after the other: Tomcat serves them on one kept-alive connection,
    // through the same gzip filter. The streams finish asynchronously (AsyncContext.complete()).
    assertGzipped("/sse/async?n=2&case=gzip-before-plain", 2);
    HttpResponse<byte[]> plain = get("/sse/plain?case=gzip-plain");
    assertThat(gunzip(plain.body())).isEqualTo("not an event stream");
    // A stream served after it is recorded, so by then the plain one would have been too.
    assertGzipped("/sse/async?n=2&case=gzip-after-plain", 2);
    assertThat(app.telemetry().records())
        .noneSatisfy(r -> assertThat(r.get("url")).isEqualTo("/sse/plain?case=gzip-plain"));
  }

  /**
   * The coding raises its alert (once per route and alert group window: on a route's first stream
   * here).
   */
  private static void assertContentEncodingAlert(List<Map<String, Object>> alerts) {
    assertThat(alerts)
        .anySatisfy(
            a ->
                assertThat(a)
                    .containsEntry("kind", "buffering")
                    .containsEntry("rule", "content_encoding"));
  }

  /**
   * Gets {@code url}, a gzipped stream of {@code n} events, and asserts its record; returns its
   * alerts.
   */
  private List<Map<String, Object>> assertGzipped(String url, int n) throws Exception {
    HttpResponse<byte[]> response = get(url);
    assertThat(gunzip(response.body())).isEqualTo(events(n));

    Telemetry t = app.telemetry();
    String id = AgentContract.awaitValue(() -> t.streamId(url));
    // The compressed body as it came (the chunked framing taken off): gzip's header, blocks and
    // trailer.
    assertCompletedWithEvents(t, id, n, response.body().length);
    assertThat(t.of(id, "stream_start").get(0).get("response_headers").toString())
        .containsIgnoringCase("content-encoding, gzip");
    List<Map<String, Object>> alerts = t.of(id, "alert");
    assertNothingLeaked(t);
    return alerts;
  }
}
