package dev.ssewatch.core.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.telemetry.AlertRecord;
import dev.ssewatch.core.telemetry.CloseReason;
import dev.ssewatch.core.telemetry.EventRecord;
import dev.ssewatch.core.telemetry.Progress;
import dev.ssewatch.core.telemetry.StreamEnd;
import dev.ssewatch.core.telemetry.StreamStart;
import dev.ssewatch.core.trace.TraceIds;
import dev.ssewatch.core.trace.TraceParent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every record of an exchange carries the caller's trace (or a new one) and its own span. */
class StreamRecorderTraceTest {

  static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String CALLER = "00f067aa0ba902b7";
  static final String TRACEPARENT = "00-" + TRACE + "-" + CALLER + "-01";

  @Test
  void continuesTheCallersTraceUnderASpanOfItsOwn() {
    Fixture f = new Fixture(Map.of("ssewatch.progress.interval", "1s"));
    StreamRecorder r =
        f.recorders.begin(
            "GET",
            "/events",
            null,
            List.of(
                new Header("Accept", "text/event-stream"), new Header("traceparent", TRACEPARENT)),
            f.now());
    r.onResponseHeaders(200, List.of(new Header("Content-Type", "text/event-stream")), f.now());
    f.bytes(r, "data: a\n\n");
    f.advance(Duration.ofSeconds(2));
    f.recorders.tick();
    r.onEnd(CloseReason.COMPLETED, f.now());

    StreamStart start = f.sink.single(StreamStart.class);
    assertThat(start.trace().traceId()).isEqualTo(TRACE);
    assertThat(start.trace().parentSpanId()).isEqualTo(CALLER);
    String span = start.trace().spanId();
    assertThat(span).hasSize(16).isNotEqualTo(CALLER).isNotEqualTo("0000000000000000");
    assertThat(start.trace().backendSpanId()).isNull();
    assertThat(r.traceId()).isEqualTo(TRACE);
    assertThat(r.spanId()).isEqualTo(span);
    assertThat(r.parentSpanId()).isEqualTo(CALLER);

    EventRecord event = f.sink.single(EventRecord.class);
    assertThat(TraceIds.traceId(event.traceIdHigh(), event.traceIdLow())).isEqualTo(TRACE);
    assertThat(TraceIds.hex(event.spanId())).isEqualTo(span);
    Progress progress = f.sink.ofType(Progress.class).get(0);
    assertThat(TraceIds.hex(progress.spanId())).isEqualTo(span);
    // The stream had no Cache-Control: the header alert joins the stream too.
    AlertRecord alert = f.sink.ofType(AlertRecord.class).get(0);
    assertThat(TraceIds.traceId(alert.traceIdHigh(), alert.traceIdLow())).isEqualTo(TRACE);
    assertThat(TraceIds.hex(alert.spanId())).isEqualTo(span);
    StreamEnd end = f.sink.single(StreamEnd.class);
    assertThat(end.trace()).isEqualTo(start.trace());
  }

  @Test
  void withoutATraceparentStartsATraceWithNoParent() {
    Fixture f = new Fixture();
    StreamRecorder a = f.sse();
    StreamRecorder b = f.sse();
    a.onEnd(CloseReason.COMPLETED, f.now());
    b.onEnd(CloseReason.COMPLETED, f.now());

    List<StreamStart> starts = f.sink.ofType(StreamStart.class);
    assertThat(starts).hasSize(2);
    for (StreamStart s : starts) {
      assertThat(s.trace().traceId()).hasSize(32).isNotEqualTo("0".repeat(32));
      assertThat(s.trace().parentSpanId()).isNull();
    }
    assertThat(starts.get(0).trace().traceId()).isNotEqualTo(starts.get(1).trace().traceId());
  }

  @Test
  void anInvalidTraceparentIsIgnored() {
    Fixture f = new Fixture();
    StreamRecorder r =
        f.recorders.begin(
            "GET",
            "/events",
            null,
            List.of(new Header("traceparent", "00-" + TRACE.toUpperCase() + "-" + CALLER + "-01")),
            f.now());
    r.onResponseHeaders(200, Fixture.SSE_RESPONSE, f.now());

    StreamStart s = f.sink.single(StreamStart.class);
    assertThat(s.trace().traceId()).isNotEqualToIgnoringCase(TRACE);
    assertThat(s.trace().parentSpanId()).isNull();
  }

  @Test
  void theTraceparentIsReadEvenWhenRedactionHidesIt() {
    Fixture f = new Fixture(Map.of("ssewatch.redact.headers", "traceparent"));
    StreamRecorder r =
        f.recorders.begin(
            "GET", "/events", null, List.of(new Header("traceparent", TRACEPARENT)), f.now());
    r.onResponseHeaders(200, Fixture.SSE_RESPONSE, f.now());

    StreamStart s = f.sink.single(StreamStart.class);
    assertThat(s.requestHeaders()).extracting(Header::value).doesNotContain(TRACEPARENT);
    assertThat(s.trace().traceId()).isEqualTo(TRACE);
    assertThat(s.trace().parentSpanId()).isEqualTo(CALLER);
  }

  @Test
  void theBackendTraceparentNamesOneClientSpanThatTheRecordsName() {
    Fixture f = new Fixture();
    StreamRecorder r =
        f.recorders.begin(
            "GET", "/events", null, List.of(new Header("traceparent", TRACEPARENT)), f.now());
    String sent = r.backendTraceparent();
    assertThat(r.backendTraceparent()).isEqualTo(sent);
    r.onResponseHeaders(200, Fixture.SSE_RESPONSE, f.now());
    r.onEnd(CloseReason.COMPLETED, f.now());

    TraceParent p = TraceParent.parse(sent);
    assertThat(p).isNotNull();
    assertThat(TraceIds.traceId(p.traceIdHigh(), p.traceIdLow())).isEqualTo(TRACE);
    assertThat(p.sampled()).isTrue();
    StreamStart s = f.sink.single(StreamStart.class);
    assertThat(s.trace().backendSpanId())
        .isEqualTo(TraceIds.hex(p.parentSpanId()))
        .isNotEqualTo(s.trace().spanId());
    assertThat(f.sink.single(StreamEnd.class).trace().backendSpanId())
        .isEqualTo(s.trace().backendSpanId());
  }
}
