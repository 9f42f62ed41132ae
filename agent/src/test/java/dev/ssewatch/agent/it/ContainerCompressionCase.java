package dev.ssewatch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A container that compresses below the servlet layer (Jetty's {@code GzipHandler}, Undertow's
 * {@code EncodingHandler}): it adds {@code Content-Encoding: gzip} when the response commits and
 * compresses what the servlet wrote, so the agent, reading the servlet output, records the coding
 * from the committed headers and parses the bytes before compression for events; it reads the
 * compressor's output too, and that output is the stream's bytes.
 */
abstract class ContainerCompressionCase extends GzippedStreamCase {

  @Test
  void aStreamTheContainerGzipsIsRecordedWithItsCodingAndEveryEvent() throws Exception {
    int n = 30;
    String url = "/sse/ticks?n=" + n + "&case=" + casePrefix();
    HttpResponse<byte[]> response = get(url);
    String body = gunzip(response.body());
    assertThat(body).isEqualTo(events(n));

    Telemetry t = app.telemetry();
    String id = AgentContract.awaitValue(() -> t.streamId(url));
    // The client reads the body as it came, without decoding it: the compressed bytes, de-chunked.
    List<Map<String, Object>> events = assertCompletedWithEvents(t, id, n, response.body().length);
    for (Map<String, Object> e : events) {
      // Each event is on the wire at its own flush (how soon depends on the machine: a first flush
      // loads the compressor's classes), not released later with its delay unknown.
      assertThat(e.get("write_to_wire_ms"))
          .as("write to wire of event %s", e.get("seq"))
          .isNotNull();
    }
    // Events 100 ms apart for 3 s against a 2 s budget (warning at 1 s): no silence on the wire, so
    // no idle alert.
    assertGzipRecordedWithoutIdleAlerts(t, id);
  }

  /**
   * How the container ends a stream whose body falls short of the {@code Content-Length} the
   * application set, as the client sees it.
   */
  String shortBodyEnd() {
    return "completed";
  }

  /**
   * How the container ends a stream whose asynchronous request timed out with no listener to
   * complete it.
   */
  String asyncTimeoutEnd() {
    return "completed";
  }

  @Test
  void aStreamCutShortOfItsContentLengthEnds() throws Exception {
    assertEndsAfterEvents("/sse/short?n=3&case=" + casePrefix() + "-short", 3, shortBodyEnd());
  }

  @Test
  void aStreamTheAsyncTimeoutEndsIsRecordedToItsEnd() throws Exception {
    assertEndsAfterEvents(
        "/sse/async-timeout?n=3&timeout=500&case=" + casePrefix() + "-async-timeout",
        3,
        asyncTimeoutEnd());
  }

  @Test
  void compressedBytesWrittenAfterTheApplicationCompletedAreCounted() throws Exception {
    assertBurstCountedToTheLastByte(
        "/sse/nonblocking-burst?n=256&case=" + casePrefix() + "-burst", 256, true);
  }

  @Test
  void aStreamWrittenThroughTheWriterIsRecordedToo() throws Exception {
    String url = "/sse/writer?n=4&case=" + casePrefix() + "-writer";
    HttpResponse<byte[]> response = get(url);
    String body = gunzip(response.body());
    assertThat(body).isEqualTo(events(4));

    Telemetry t = app.telemetry();
    String id = AgentContract.awaitValue(() -> t.streamId(url));
    assertThat(AgentContract.awaitValue(() -> t.end(id)))
        .containsEntry("close_reason", "completed")
        .containsEntry("events", BigDecimal.valueOf(4))
        .containsEntry("bytes", BigDecimal.valueOf(response.body().length));
    assertThat(t.of(id, "stream_start").get(0).get("response_headers").toString())
        .containsIgnoringCase("content-encoding, gzip");
    assertNothingLeaked(t);
  }
}
