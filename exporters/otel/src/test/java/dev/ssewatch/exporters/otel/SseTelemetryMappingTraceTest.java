package dev.ssewatch.exporters.otel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.risk.Alert;
import dev.ssewatch.core.risk.AlertKind;
import dev.ssewatch.core.risk.Severity;
import dev.ssewatch.core.telemetry.AlertRecord;
import dev.ssewatch.core.telemetry.AlertSummary;
import dev.ssewatch.core.telemetry.CloseReason;
import dev.ssewatch.core.telemetry.EventRecord;
import dev.ssewatch.core.telemetry.StreamEnd;
import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.telemetry.StreamStart;
import dev.ssewatch.core.trace.TraceIds;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The stream's span is the span core recorded, under the caller's; logs carry its context. */
class SseTelemetryMappingTraceTest {

  static final long HIGH = 0x4bf92f3577b34da6L;
  static final long LOW = 0xa3ce929d0e0e4736L;
  static final long SPAN = 0x53995c3f42cd8ad8L;
  static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String SPAN_HEX = "53995c3f42cd8ad8";
  static final String CALLER = "00f067aa0ba902b7";
  static final String BACKEND = "e3b0c44298fc1c14";

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final InMemoryLogRecordExporter logs = InMemoryLogRecordExporter.create();
  private final OpenTelemetrySdk sdk =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .setIdGenerator(RecordedIds.INSTANCE)
                  .addSpanProcessor(SimpleSpanProcessor.create(spans))
                  .build())
          .setLoggerProvider(
              SdkLoggerProvider.builder()
                  .addLogRecordProcessor(SimpleLogRecordProcessor.create(logs))
                  .build())
          .build();

  @AfterEach
  void close() {
    sdk.close();
  }

  @Test
  void theStreamSpanHasTheRecordedIdsUnderTheCallersSpan() {
    SseTelemetryMapping mapping = SseTelemetryMapping.builder(sdk).build();
    TraceIds ids = new TraceIds(TRACE, SPAN_HEX, CALLER, null);
    mapping.record(start("s-1", StreamSource.AGENT, ids));
    mapping.record(event("s-1", HIGH, LOW, SPAN));
    mapping.record(alert("s-1", HIGH, LOW, SPAN));
    mapping.record(end("s-1", StreamSource.AGENT, ids));

    SpanData span = spans.getFinishedSpanItems().get(0);
    assertThat(span.getTraceId()).isEqualTo(TRACE);
    assertThat(span.getSpanId()).isEqualTo(SPAN_HEX);
    assertThat(span.getParentSpanId()).isEqualTo(CALLER);
    assertThat(span.getParentSpanContext().isRemote()).isTrue();
    assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
    assertThat(logs.getFinishedLogRecordItems())
        .hasSize(2)
        .allSatisfy(
            l -> {
              assertThat(l.getSpanContext().getTraceId()).isEqualTo(TRACE);
              assertThat(l.getSpanContext().getSpanId()).isEqualTo(SPAN_HEX);
            });
  }

  @Test
  void aStreamThatBeganTheTraceIsARootWithItsRecordedTraceId() {
    SseTelemetryMapping mapping = SseTelemetryMapping.builder(sdk).build();
    TraceIds ids = new TraceIds(TRACE, SPAN_HEX, null, null);
    mapping.record(start("s-1", StreamSource.AGENT, ids));
    mapping.record(end("s-1", StreamSource.AGENT, ids));

    SpanData span = spans.getFinishedSpanItems().get(0);
    assertThat(span.getTraceId()).isEqualTo(TRACE);
    assertThat(span.getSpanId()).isEqualTo(SPAN_HEX);
    assertThat(span.getParentSpanContext().isValid()).isFalse();
  }

  @Test
  void theProxysBackendSpanIsTheClientSpanItNamedToTheBackend() {
    SseTelemetryMapping mapping = SseTelemetryMapping.builder(sdk).backendDependency(true).build();
    TraceIds ids = new TraceIds(TRACE, SPAN_HEX, CALLER, BACKEND);
    mapping.record(start("s-1", StreamSource.PROXY, ids));
    mapping.record(end("s-1", StreamSource.PROXY, ids));

    List<SpanData> finished = spans.getFinishedSpanItems();
    SpanData client =
        finished.stream().filter(s -> s.getKind() == SpanKind.CLIENT).findFirst().orElseThrow();
    SpanData server =
        finished.stream().filter(s -> s.getKind() == SpanKind.SERVER).findFirst().orElseThrow();
    assertThat(server.getSpanId()).isEqualTo(SPAN_HEX);
    assertThat(server.getParentSpanId()).isEqualTo(CALLER);
    assertThat(client.getTraceId()).isEqualTo(TRACE);
    assertThat(client.getSpanId()).isEqualTo(BACKEND);
    assertThat(client.getParentSpanId()).isEqualTo(SPAN_HEX);
  }

  @Test
  void theClientSpanNamedToTheBackendExistsEvenWithoutTheDependencyOption() {
    SseTelemetryMapping mapping = SseTelemetryMapping.builder(sdk).build();
    TraceIds ids = new TraceIds(TRACE, SPAN_HEX, null, BACKEND);
    mapping.record(start("s-1", StreamSource.PROXY, ids));
    mapping.record(end("s-1", StreamSource.PROXY, ids));
    mapping.record(start("s-2", StreamSource.PROXY, null));
    mapping.record(end("s-2", StreamSource.PROXY, null));

    List<SpanData> clients =
        spans.getFinishedSpanItems().stream().filter(s -> s.getKind() == SpanKind.CLIENT).toList();
    assertThat(clients).singleElement().extracting(SpanData::getSpanId).isEqualTo(BACKEND);
  }

  @Test
  void anEndWithoutItsStartStillMakesTheRecordedSpan() {
    SseTelemetryMapping mapping = SseTelemetryMapping.builder(sdk).build();
    mapping.record(
        end("lost-start", StreamSource.AGENT, new TraceIds(TRACE, SPAN_HEX, CALLER, null)));

    SpanData span = spans.getFinishedSpanItems().get(0);
    assertThat(span.getSpanId()).isEqualTo(SPAN_HEX);
    assertThat(span.getParentSpanId()).isEqualTo(CALLER);
  }

  @Test
  void logsOfUntrackedStreamsAndSummariesTakeTheirRecordedContext() {
    SseTelemetryMapping mapping = SseTelemetryMapping.builder(sdk).build();
    mapping.record(alert("evicted", HIGH, LOW, SPAN));
    mapping.record(
        new AlertSummary(
            2_000L,
            StreamSource.PROXY,
            "/events",
            alertOf(),
            3,
            "a",
            1_000L,
            "b",
            1_500L,
            1_000_000L,
            HIGH,
            LOW,
            SPAN));
    mapping.record(new EventRecord("untracked", 1_000L, 1, "message", null, 1, 1, -1, 0, -1));

    List<LogRecordData> l = logs.getFinishedLogRecordItems();
    assertThat(l).hasSize(3);
    assertThat(l.get(0).getSpanContext().getSpanId()).isEqualTo(SPAN_HEX);
    assertThat(l.get(1).getSpanContext().getTraceId()).isEqualTo(TRACE);
    assertThat(l.get(2).getSpanContext().isValid()).as("no ids, no context").isFalse();
  }

  @Test
  void spansStartedWithoutRecordedIdsGetRandomOnes() {
    SseTelemetryMapping mapping = SseTelemetryMapping.builder(sdk).build();
    mapping.record(start("a", StreamSource.AGENT, null));
    mapping.record(end("a", StreamSource.AGENT, null));
    mapping.record(start("b", StreamSource.AGENT, null));
    mapping.record(end("b", StreamSource.AGENT, null));

    List<SpanData> finished = spans.getFinishedSpanItems();
    assertThat(finished).hasSize(2);
    assertThat(finished.get(0).getSpanContext().isValid()).isTrue();
    assertThat(finished.get(0).getTraceId()).isNotEqualTo(finished.get(1).getTraceId());
  }

  private static StreamStart start(String id, StreamSource source, TraceIds ids) {
    return new StreamStart(
        id,
        1_000L,
        source,
        "GET",
        "/events",
        "/events",
        200,
        "text/event-stream",
        true,
        List.of(new Header("Accept", "text/event-stream")),
        List.of(new Header("Content-Type", "text/event-stream")),
        1_000_000L,
        1_000L,
        null,
        ids);
  }

  private static StreamEnd end(String id, StreamSource source, TraceIds ids) {
    return new StreamEnd(
        id,
        2_000L,
        source,
        "GET",
        "/events",
        "/events",
        200,
        true,
        1_000L,
        1_000_000_000L,
        5_000_000L,
        1,
        10,
        0,
        0,
        1_000_000L,
        CloseReason.COMPLETED,
        null,
        List.of(),
        null,
        ids);
  }

  private static EventRecord event(String id, long high, long low, long span) {
    return new EventRecord(id, 1_500L, 1, "message", null, 5, 1, -1, 0, -1, high, low, span);
  }

  private static AlertRecord alert(String id, long high, long low, long span) {
    return new AlertRecord(id, 1_500L, alertOf(), StreamSource.AGENT, "/events", high, low, span);
  }

  private static Alert alertOf() {
    return new Alert(
        AlertKind.BUFFERING,
        "cache_control",
        Severity.INFO,
        "no Cache-Control header",
        "Send Cache-Control: no-cache on event streams.");
  }
}
