package dev.ssewatch.exporters.otel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.telemetry.TelemetryDropped;
import dev.ssewatch.core.telemetry.TelemetrySink;
import dev.ssewatch.exporters.otel.receiver.OtlpHttpReceiver;
import dev.ssewatch.exporters.otel.receiver.OtlpReceiver;
import dev.ssewatch.exporters.otel.receiver.SampleStreams;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OtlpHttpExportTest {

  private final OtlpHttpReceiver receiver = OtlpHttpReceiver.start();

  @AfterEach
  void stop() {
    receiver.close();
  }

  static TelemetrySink sink(OtlpReceiver receiver, String protocol) {
    return new OtlpSinkProvider()
        .create(
            Settings.of(
                Map.of(
                    "ssewatch.otlp.endpoint", receiver.endpoint(),
                    "ssewatch.otlp.protocol", protocol,
                    "ssewatch.otlp.service-name", "orders-api",
                    "ssewatch.otlp.resource-attributes", "deployment.environment.name=test",
                    "ssewatch.otlp.timeout", "5s")));
  }

  @Test
  void streamBecomesServerSpanWithRecordedTimesAndSseAttributes() {
    TelemetrySink sink = sink(receiver, "http/protobuf");
    sink.export(SampleStreams.stream("s-1", StreamSource.AGENT, 3));
    sink.export(List.of(new TelemetryDropped(SampleStreams.START_MILLIS, 7, 7)));
    sink.shutdown();

    assertStream(receiver);
    assertThat(
            metric(receiver, "ssewatch.telemetry.dropped")
                .orElseThrow()
                .getSum()
                .getDataPoints(0)
                .getAsInt())
        .isEqualTo(7);
  }

  static void assertStream(OtlpReceiver receiver) {
    await().atMost(Duration.ofSeconds(30)).until(() -> !receiver.spans().isEmpty());
    Span span = receiver.spans().get(0);
    assertThat(span.getName()).isEqualTo("GET /events");
    assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
    assertThat(span.getStartTimeUnixNano())
        .isEqualTo(TimeUnit.MILLISECONDS.toNanos(SampleStreams.START_MILLIS));
    assertThat(span.getEndTimeUnixNano() - span.getStartTimeUnixNano())
        .isEqualTo(SampleStreams.DURATION_NANOS);
    assertThat(attr(span.getAttributesList(), "http.request.method")).contains("GET");
    assertThat(attr(span.getAttributesList(), "http.response.status_code")).contains("200");
    assertThat(attr(span.getAttributesList(), "http.route")).contains("/events");
    assertThat(attr(span.getAttributesList(), "url.path")).contains("/events");
    assertThat(attr(span.getAttributesList(), "url.query")).contains("topic=a");
    assertThat(attr(span.getAttributesList(), "sse.stream.id")).contains("s-1");
    assertThat(attr(span.getAttributesList(), "sse.events")).contains("3");
    assertThat(attr(span.getAttributesList(), "sse.bytes")).contains("350");
    assertThat(attr(span.getAttributesList(), "sse.heartbeats")).contains("3");
    assertThat(attr(span.getAttributesList(), "sse.time_to_first_event_ms")).contains("300.0");
    assertThat(attr(span.getAttributesList(), "sse.largest_gap_ms")).contains("400.0");
    assertThat(attr(span.getAttributesList(), "sse.close_reason")).contains("completed");
    assertThat(attr(span.getAttributesList(), "http.response.header.content-type"))
        .contains("text/event-stream");
    assertThat(attr(span.getAttributesList(), "http.response.header.set-cookie")).isEmpty();
    assertThat(span.getEventsList()).isEmpty();

    await().atMost(Duration.ofSeconds(30)).until(() -> receiver.logRecords().size() >= 4);
    List<LogRecord> events =
        receiver.logRecords().stream().filter(l -> l.getEventName().equals("sse.event")).toList();
    assertThat(events).hasSize(3);
    assertThat(events)
        .allSatisfy(
            l -> {
              assertThat(l.getTraceId()).isEqualTo(span.getTraceId());
              assertThat(l.getSpanId()).isEqualTo(span.getSpanId());
              assertThat(attr(l.getAttributesList(), "sse.event.type")).contains("tick");
              assertThat(attr(l.getAttributesList(), "sse.event.data_bytes")).contains("100");
              assertThat(l.hasBody()).isFalse();
            });
    LogRecord alert =
        receiver.logRecords().stream()
            .filter(l -> l.getEventName().equals("sse.alert"))
            .findFirst()
            .orElseThrow();
    assertThat(alert.getSeverityNumberValue()).isEqualTo(13); // WARN
    assertThat(alert.getSpanId()).isEqualTo(span.getSpanId());
    assertThat(attr(alert.getAttributesList(), "sse.alert.kind")).contains("idle_timeout_risk");

    await().atMost(Duration.ofSeconds(30)).until(() -> metric(receiver, "sse.events").isPresent());
    assertThat(metric(receiver, "sse.events").orElseThrow().getSum().getDataPoints(0).getAsInt())
        .isEqualTo(3);
    assertThat(
            metric(receiver, "sse.events")
                .orElseThrow()
                .getSum()
                .getDataPoints(0)
                .getAttributesList())
        .extracting(KeyValue::getKey)
        .contains("sse.event.type", "http.route");
    Metric duration = metric(receiver, "sse.stream.duration").orElseThrow();
    assertThat(duration.getUnit()).isEqualTo("s");
    assertThat(duration.getHistogram().getDataPoints(0).getExplicitBoundsList())
        .containsExactlyElementsOf(SseMetrics.DURATION_BUCKETS_S);
    assertThat(duration.getHistogram().getDataPoints(0).getSum()).isEqualTo(2.5);
    assertThat(
            metric(receiver, "sse.heartbeats").orElseThrow().getSum().getDataPoints(0).getAsInt())
        .isEqualTo(3);
    assertThat(metric(receiver, "sse.alerts").orElseThrow().getSum().getDataPoints(0).getAsInt())
        .isEqualTo(1);
    assertThat(
            metric(receiver, "sse.streams.open").orElseThrow().getSum().getDataPoints(0).getAsInt())
        .isZero();
    assertThat(receiver.decodedPayloads()).anyMatch(p -> p.contains("orders-api"));
  }

  @Test
  void streamStillOpenAtShutdownIsEndedAndMarked() {
    TelemetrySink sink = sink(receiver, "http/protobuf");
    sink.export(List.of(SampleStreams.start("open-1", StreamSource.AGENT, "/events", List.of())));
    sink.shutdown();

    await().atMost(Duration.ofSeconds(30)).until(() -> !receiver.spans().isEmpty());
    assertThat(attr(receiver.spans().get(0).getAttributesList(), "sse.open_at_shutdown"))
        .contains("true");
  }

  @Test
  void endWithoutStartStillMakesTheWholeSpan() {
    TelemetrySink sink = sink(receiver, "http/protobuf");
    sink.export(List.of(SampleStreams.end("late-1", StreamSource.PROXY, "/events", 2)));
    sink.shutdown();

    await().atMost(Duration.ofSeconds(30)).until(() -> !receiver.spans().isEmpty());
    Span span = receiver.spans().get(0);
    assertThat(attr(span.getAttributesList(), "sse.source")).contains("proxy");
    assertThat(span.getEndTimeUnixNano() - span.getStartTimeUnixNano())
        .isEqualTo(SampleStreams.DURATION_NANOS);
  }

  static Optional<String> attr(List<KeyValue> attributes, String key) {
    return attributes.stream()
        .filter(kv -> kv.getKey().equals(key))
        .findFirst()
        .map(
            kv -> {
              var v = kv.getValue();
              return switch (v.getValueCase()) {
                case STRING_VALUE -> v.getStringValue();
                case INT_VALUE -> Long.toString(v.getIntValue());
                case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
                case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
                case ARRAY_VALUE -> v.getArrayValue().getValues(0).getStringValue();
                default -> v.toString();
              };
            });
  }

  static Optional<Metric> metric(OtlpReceiver receiver, String name) {
    List<Metric> all = receiver.metrics();
    for (int i = all.size() - 1; i >= 0; i--) {
      if (all.get(i).getName().equals(name)) {
        return Optional.of(all.get(i));
      }
    }
    return Optional.empty();
  }
}
