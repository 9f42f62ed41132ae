package dev.ssewatch.exporters.otel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.telemetry.CloseReason;
import dev.ssewatch.core.telemetry.EventRecord;
import dev.ssewatch.core.telemetry.Progress;
import dev.ssewatch.core.telemetry.StreamEnd;
import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.telemetry.StreamStart;
import dev.ssewatch.core.telemetry.TelemetryDropped;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.semconv.HttpAttributes;
import io.opentelemetry.semconv.UrlAttributes;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A stream's life through every signal: span attributes from start, progress and end, the event
 * metrics and log records, heartbeats counted once, and the open-stream bound.
 */
class SseTelemetryMappingSignalsTest {

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final InMemoryLogRecordExporter logs = InMemoryLogRecordExporter.create();
  private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
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
          .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
          .build();

  @AfterEach
  void close() {
    sdk.close();
  }

  @Test
  void aStreamsSpanHasWhatItsStartProgressAndEndTold() {
    SseTelemetryMapping mapping =
        SseTelemetryMapping.builder(sdk).longStreamThreshold(Duration.ofSeconds(1)).build();
    mapping.record(start("s-1", "/events?room=1"));
    mapping.record(progress("s-1", 2));
    assertThat(spans.getFinishedSpanItems()).isEmpty();
    mapping.record(end("s-1", 5, 502, CloseReason.UPSTREAM_ABORT));

    SpanData span = onlySpan();
    assertThat(span.getName()).isEqualTo("GET /events");
    Attributes a = span.getAttributes();
    assertThat(a.get(SseAttributes.STREAM_ID)).isEqualTo("s-1");
    assertThat(a.get(SseAttributes.SOURCE)).isEqualTo("proxy");
    assertThat(a.get(SseAttributes.URL)).isEqualTo("/events?room=1");
    assertThat(a.get(UrlAttributes.URL_PATH)).isEqualTo("/events");
    assertThat(a.get(UrlAttributes.URL_QUERY)).isEqualTo("room=1");
    assertThat(a.get(HttpAttributes.HTTP_RESPONSE_STATUS_CODE)).isEqualTo(502);
    // Only allow-listed headers, all values of a repeated one.
    assertThat(a.get(AttributeKey.stringArrayKey("http.request.header.accept")))
        .containsExactly("text/event-stream", "application/json");
    assertThat(a.get(AttributeKey.stringArrayKey("http.request.header.authorization"))).isNull();
    assertThat(a.get(AttributeKey.stringArrayKey("http.response.header.content-type")))
        .containsExactly("text/event-stream");
    assertThat(a.get(AttributeKey.stringArrayKey("http.response.header.set-cookie"))).isNull();
    assertThat(a.get(SseAttributes.TIME_TO_HEADERS_MS)).isEqualTo(1.5);
    assertThat(a.get(SseAttributes.EVENTS)).isEqualTo(7);
    assertThat(a.get(SseAttributes.HEARTBEATS)).isEqualTo(5);
    assertThat(a.get(SseAttributes.LARGEST_GAP_MS)).isEqualTo(250.0);
    assertThat(a.get(SseAttributes.CLOSE_REASON)).isEqualTo("upstream_abort");
    assertThat(a.get(SseAttributes.CLOSE_DETAIL)).isEqualTo("tls");
    assertThat(a.get(SseAttributes.TIME_TO_FIRST_EVENT_MS)).isEqualTo(12.0);
    assertThat(a.get(SseAttributes.LONG_STREAM)).isTrue();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getStatus().getDescription()).isEqualTo("HTTP 502");
    assertThat(span.getStartEpochNanos()).isEqualTo(Duration.ofMillis(1_000).toNanos());
    assertThat(span.getEndEpochNanos()).isEqualTo(Duration.ofMillis(3_000).toNanos());

    Collection<MetricData> m = metrics.collectAllMetrics();
    Attributes stream =
        Attributes.of(SseAttributes.SOURCE, "proxy", HttpAttributes.HTTP_ROUTE, "/events");
    // Progress and end both told the total: counted once.
    assertThat(sum(m, SseMetricNames.HEARTBEATS)).containsExactly(Map.entry(stream, 5L));
    assertThat(sum(m, SseMetricNames.STREAMS_OPEN)).containsExactly(Map.entry(stream, 0L));
    assertThat(histogram(m, SseMetricNames.STREAM_DURATION).getSum()).isEqualTo(2.0);
    assertThat(histogram(m, SseMetricNames.STREAM_TIME_TO_FIRST_EVENT).getSum()).isEqualTo(0.012);
  }

  @Test
  void eventsAreCountedMeasuredAndLoggedInTheirStreamsContext() {
    SseTelemetryMapping mapping = SseTelemetryMapping.builder(sdk).build();
    mapping.record(start("s-1", "/events"));
    mapping.record(event("s-1", 1, "message", -1));
    mapping.record(event("s-1", 2, "message", 40_000_000L));
    mapping.record(event("s-9", 1, "ping", 2_000_000L));

    Collection<MetricData> m = metrics.collectAllMetrics();
    Attributes stream =
        Attributes.of(SseAttributes.SOURCE, "proxy", HttpAttributes.HTTP_ROUTE, "/events");
    assertThat(sum(m, SseMetricNames.EVENTS))
        .containsOnly(
            Map.entry(stream.toBuilder().put(SseAttributes.EVENT_TYPE, "message").build(), 2L),
            Map.entry(Attributes.of(SseAttributes.EVENT_TYPE, "ping"), 1L));
    assertThat(histograms(m, SseMetricNames.EVENT_SIZE))
        .extracting(p -> p.getAttributes() + "=" + p.getCount() + "/" + p.getSum())
        .containsExactlyInAnyOrder(stream + "=2/200.0", "{}=1/100.0");
    assertThat(histograms(m, SseMetricNames.EVENT_GAP))
        .extracting(p -> p.getAttributes() + "=" + p.getCount() + "/" + p.getSum())
        .containsExactlyInAnyOrder(stream + "=1/0.04", "{}=1/0.002");

    List<LogRecordData> records = logs.getFinishedLogRecordItems();
    assertThat(records).hasSize(3);
    LogRecordData second = records.get(1);
    assertThat(second.getEventName()).isEqualTo(SseMetricNames.EVENT_LOG);
    assertThat(second.getTimestampEpochNanos()).isEqualTo(Duration.ofMillis(1_302).toNanos());
    Attributes a = second.getAttributes();
    assertThat(a.get(SseAttributes.STREAM_ID)).isEqualTo("s-1");
    assertThat(a.get(SseAttributes.EVENT_SEQ)).isEqualTo(2);
    assertThat(a.get(SseAttributes.EVENT_ID)).isEqualTo("id-2");
    assertThat(a.get(SseAttributes.EVENT_DATA_BYTES)).isEqualTo(100);
    assertThat(a.get(SseAttributes.EVENT_DATA_LINES)).isEqualTo(1);
    assertThat(a.get(SseAttributes.EVENT_GAP_MS)).isEqualTo(40.0);
    assertThat(a.get(SseAttributes.EVENT_BYTE_GAP_MS)).isEqualTo(3.0);
    assertThat(a.get(SseAttributes.EVENT_WRITE_TO_WIRE_MS)).isNull();
    assertThat(records.get(0).getAttributes().get(SseAttributes.EVENT_GAP_MS)).isNull();
    mapping.endOpenStreams();
    assertThat(second.getSpanContext()).isEqualTo(onlySpan().getSpanContext());
  }

  @Test
  void eventsAreOnlyCountedWhenTheirLogRecordsAreOff() {
    SseTelemetryMapping mapping = SseTelemetryMapping.builder(sdk).exportEvents(false).build();
    mapping.record(start("s-1", "/events"));
    mapping.record(event("s-1", 1, "message", -1));

    assertThat(logs.getFinishedLogRecordItems()).isEmpty();
    assertThat(sum(metrics.collectAllMetrics(), SseMetricNames.EVENTS).values())
        .containsExactly(1L);
  }

  @Test
  void pastTheOpenStreamBoundTheOldestSpanEndsEarlyMarkedEvicted() {
    SseTelemetryMapping mapping = SseTelemetryMapping.builder(sdk).maxOpenStreams(2).build();
    mapping.record(start("s-1", "/a"));
    mapping.record(start("s-2", "/a"));
    mapping.record(start("s-3", "/a"));

    assertThat(mapping.openStreams()).isEqualTo(2);
    SpanData evicted = onlySpan();
    assertThat(evicted.getAttributes().get(SseAttributes.STREAM_ID)).isEqualTo("s-1");
    assertThat(evicted.getAttributes().get(SseAttributes.EVICTED)).isTrue();
    assertThat(sum(metrics.collectAllMetrics(), SseMetricNames.STREAMS_OPEN).values())
        .containsExactly(2L);

    // Its end, when it comes, makes a span of its own from the end record.
    mapping.record(end("s-1", 4, 200, CloseReason.COMPLETED));
    assertThat(spans.getFinishedSpanItems()).hasSize(2);
    assertThat(sum(metrics.collectAllMetrics(), SseMetricNames.HEARTBEATS).values())
        .containsExactly(4L);
  }

  @Test
  void streamsOpenAtShutdownAreEndedMarkedAndNoLongerCountedOpen() {
    SseTelemetryMapping mapping = SseTelemetryMapping.builder(sdk).build();
    mapping.record(start("s-1", "/a"));
    mapping.record(start("s-2", "/b"));
    mapping.endOpenStreams();

    assertThat(mapping.openStreams()).isZero();
    assertThat(spans.getFinishedSpanItems())
        .allMatch(s -> Boolean.TRUE.equals(s.getAttributes().get(SseAttributes.OPEN_AT_SHUTDOWN)))
        .hasSize(2);
    assertThat(sum(metrics.collectAllMetrics(), SseMetricNames.STREAMS_OPEN).values())
        .containsOnly(0L);
  }

  @Test
  void dropsOfCoreAndOfTheExporterAreCountedApart() {
    SseTelemetryMapping mapping = SseTelemetryMapping.builder(sdk).build();
    mapping.record(new TelemetryDropped(1_000, 7, 7));
    mapping.countExporterDrops(3);

    assertThat(sum(metrics.collectAllMetrics(), SseMetricNames.TELEMETRY_DROPPED))
        .containsOnly(
            Map.entry(Attributes.empty(), 7L),
            Map.entry(Attributes.of(SseAttributes.DROP_REASON, "exporter_paused"), 3L));
  }

  private SpanData onlySpan() {
    assertThat(spans.getFinishedSpanItems()).hasSize(1);
    return spans.getFinishedSpanItems().get(0);
  }

  private static StreamStart start(String id, String url) {
    return new StreamStart(
        id,
        1_000,
        StreamSource.PROXY,
        "GET",
        url,
        "/events",
        200,
        "text/event-stream",
        true,
        List.of(
            new Header("Accept", "text/event-stream"),
            new Header("Authorization", "Bearer x"),
            new Header("accept", "application/json")),
        List.of(new Header("Content-Type", "text/event-stream"), new Header("Set-Cookie", "a=b")),
        1_500_000,
        1_000,
        null,
        null);
  }

  private static Progress progress(String id, long heartbeats) {
    return new Progress(
        id, 2_000, 1_000_000_000L, 3, 300, 1, heartbeats, 0, 100_000_000L, null, 0, 0, 0);
  }

  private static EventRecord event(String id, long seq, String type, long gapNanos) {
    return new EventRecord(
        id, 1_300 + seq, seq, type, "id-" + seq, 100, 1, gapNanos, 3_000_000L, -1, 0, 0, 0);
  }

  private static StreamEnd end(String id, long heartbeats, int status, CloseReason reason) {
    return new StreamEnd(
        id,
        3_000,
        StreamSource.PROXY,
        "GET",
        "/events?room=1",
        "/events",
        status,
        true,
        1_000,
        2_000_000_000L,
        12_000_000L,
        7,
        700,
        1,
        heartbeats,
        250_000_000L,
        reason,
        "tls",
        List.of(),
        null,
        null);
  }

  private static Map<Attributes, Long> sum(Collection<MetricData> m, String name) {
    return m.stream()
        .filter(d -> d.getName().equals(name))
        .flatMap(d -> d.getLongSumData().getPoints().stream())
        .collect(Collectors.toMap(LongPointData::getAttributes, LongPointData::getValue));
  }

  private static List<HistogramPointData> histograms(Collection<MetricData> m, String name) {
    return m.stream()
        .filter(d -> d.getName().equals(name))
        .flatMap(d -> d.getHistogramData().getPoints().stream())
        .toList();
  }

  private static HistogramPointData histogram(Collection<MetricData> m, String name) {
    List<HistogramPointData> points = histograms(m, name);
    assertThat(points).as(name).hasSize(1);
    return points.get(0);
  }
}
