package dev.ssewatch.exporters.otel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.risk.Alert;
import dev.ssewatch.core.risk.AlertKind;
import dev.ssewatch.core.risk.Severity;
import dev.ssewatch.core.telemetry.AlertRecord;
import dev.ssewatch.core.telemetry.AlertSummary;
import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.telemetry.StreamStart;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.semconv.HttpAttributes;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SseTelemetryMappingAlertTest {

  private static final String EVIDENCE = "Content-Length: 1234 on a text/event-stream response";

  private final InMemoryLogRecordExporter logs = InMemoryLogRecordExporter.create();
  private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  private final OpenTelemetrySdk sdk =
      OpenTelemetrySdk.builder()
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
  void alertLogRecordCarriesEvidenceRuleAdviceAndRoute() {
    SseTelemetryMapping mapping = SseTelemetryMapping.builder(sdk).customEvents(true).build();
    mapping.record(start("s-1", "/orders/stream"));
    mapping.record(alert("s-1"));

    LogRecordData alert = onlyAlertLog();
    Attributes a = alert.getAttributes();
    assertThat(a.get(SseAttributes.ALERT_EVIDENCE)).isEqualTo(EVIDENCE);
    assertThat(a.get(SseAttributes.ALERT_RULE)).isEqualTo("content_length");
    assertThat(a.get(SseAttributes.ALERT_ADVICE)).isEqualTo("Remove Content-Length");
    assertThat(a.get(SseAttributes.ROUTE)).isEqualTo("/orders/stream");
    assertThat(a.get(HttpAttributes.HTTP_ROUTE)).isEqualTo("/orders/stream");
    assertThat(a.get(SseAttributes.MICROSOFT_CUSTOM_EVENT_NAME))
        .isEqualTo(SseMetricNames.ALERT_LOG);
    assertThat(alert.getBodyValue().asString()).endsWith(EVIDENCE);
  }

  @Test
  void alertOfAnUnknownStreamHasEvidenceButNoRoute() {
    SseTelemetryMapping mapping = SseTelemetryMapping.builder(sdk).build();
    mapping.record(alert("never-started"));

    Attributes a = onlyAlertLog().getAttributes();
    assertThat(a.get(SseAttributes.ALERT_EVIDENCE)).isEqualTo(EVIDENCE);
    assertThat(a.get(SseAttributes.ROUTE)).isNull();
    assertThat(alertCounts()).containsOnlyKeys("(none)").containsEntry("(none)", 1L);
  }

  @Test
  void alertCounterKeepsTheFirstRoutesAndFoldsLaterOnesIntoOther() {
    SseTelemetryMapping mapping = SseTelemetryMapping.builder(sdk).maxAlertRoutes(2).build();
    for (String route : List.of("/a", "/b", "/c", "/d", "/a")) {
      String id = "s" + route;
      mapping.record(start(id + route.length(), route));
      mapping.record(alert(id + route.length()));
    }

    assertThat(alertCounts())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("/a", 2L, "/b", 1L, SseTelemetryMapping.OTHER_ROUTE, 2L));
    // The log records, one item each, keep the exact route.
    assertThat(
            logs.getFinishedLogRecordItems().stream()
                .map(l -> l.getAttributes().get(SseAttributes.ROUTE))
                .toList())
        .containsExactly("/a", "/b", "/c", "/d", "/a");
  }

  @Test
  void anAlertSummaryIsOneLogRecordOfItsOwnAndTheCounterCountsEveryAlertItStandsFor() {
    SseTelemetryMapping mapping = SseTelemetryMapping.builder(sdk).customEvents(true).build();
    mapping.record(start("s-1", "/chat"));
    mapping.record(
        new AlertRecord(
            "s-1",
            2_000L,
            new Alert(AlertKind.BUFFERING, "cache_control", Severity.INFO, "none", "advice"),
            StreamSource.PROXY,
            "/chat",
            0,
            0,
            0));
    mapping.record(
        new AlertSummary(
            302_000L,
            StreamSource.PROXY,
            "/chat",
            new Alert(AlertKind.BUFFERING, "cache_control", Severity.INFO, "latest", "advice"),
            998,
            "s-2",
            3_000L,
            "s-999",
            301_000L,
            300_000_000_000L));

    assertThat(alertCounts()).containsExactly(Map.entry("/chat", 999L));
    List<LogRecordData> all = logs.getFinishedLogRecordItems();
    assertThat(all).hasSize(2);
    assertThat(all.get(0).getSeverity()).isEqualTo(io.opentelemetry.api.logs.Severity.INFO);
    LogRecordData summary = all.get(1);
    assertThat(summary.getEventName()).isEqualTo(SseMetricNames.ALERT_SUMMARY_LOG);
    assertThat(summary.getSeverity()).isEqualTo(io.opentelemetry.api.logs.Severity.INFO);
    assertThat(summary.getSpanContext().isValid()).as("belongs to no stream's span").isFalse();
    Attributes a = summary.getAttributes();
    assertThat(a.get(SseAttributes.ALERT_RULE)).isEqualTo("cache_control");
    assertThat(a.get(SseAttributes.ALERT_SEVERITY)).isEqualTo("info");
    assertThat(a.get(SseAttributes.ALERT_COUNT)).isEqualTo(998L);
    assertThat(a.get(SseAttributes.ALERT_FIRST_STREAM_ID)).isEqualTo("s-2");
    assertThat(a.get(SseAttributes.ALERT_LAST_STREAM_ID)).isEqualTo("s-999");
    assertThat(a.get(SseAttributes.ALERT_FIRST_TIME_MS)).isEqualTo(3_000L);
    assertThat(a.get(SseAttributes.ALERT_LAST_TIME_MS)).isEqualTo(301_000L);
    assertThat(a.get(SseAttributes.ALERT_WINDOW_MS)).isEqualTo(300_000.0);
    assertThat(a.get(SseAttributes.ALERT_EVIDENCE)).isEqualTo("latest");
    assertThat(a.get(SseAttributes.ROUTE)).isEqualTo("/chat");
    assertThat(a.get(SseAttributes.SOURCE)).isEqualTo("proxy");
    assertThat(a.get(SseAttributes.MICROSOFT_CUSTOM_EVENT_NAME))
        .isEqualTo(SseMetricNames.ALERT_SUMMARY_LOG);
  }

  @Test
  void alertSeveritiesMapToLogSeverities() {
    SseTelemetryMapping mapping = SseTelemetryMapping.builder(sdk).build();
    for (Severity s : Severity.values()) {
      mapping.record(
          new AlertRecord(
              "s", 1L, new Alert(AlertKind.BUFFERING, "r", s, "e", "a"), null, null, 0, 0, 0));
    }

    assertThat(logs.getFinishedLogRecordItems())
        .extracting(LogRecordData::getSeverity)
        .containsExactly(
            io.opentelemetry.api.logs.Severity.INFO,
            io.opentelemetry.api.logs.Severity.WARN,
            io.opentelemetry.api.logs.Severity.ERROR);
  }

  @Test
  void metricsAreNamedAfterThePublicConstants() {
    SseTelemetryMapping mapping = SseTelemetryMapping.builder(sdk).build();
    mapping.record(start("s-1", "/events"));
    mapping.record(alert("s-1"));

    assertThat(metrics.collectAllMetrics())
        .extracting(MetricData::getName)
        .contains(SseMetricNames.STREAMS_OPEN, SseMetricNames.ALERTS)
        .allMatch(
            name ->
                List.of(
                        SseMetricNames.STREAMS_OPEN,
                        SseMetricNames.STREAM_DURATION,
                        SseMetricNames.STREAM_TIME_TO_FIRST_EVENT,
                        SseMetricNames.EVENTS,
                        SseMetricNames.EVENT_GAP,
                        SseMetricNames.EVENT_SIZE,
                        SseMetricNames.HEARTBEATS,
                        SseMetricNames.ALERTS,
                        SseMetricNames.TELEMETRY_DROPPED)
                    .contains(name));
  }

  private LogRecordData onlyAlertLog() {
    List<LogRecordData> all = logs.getFinishedLogRecordItems();
    assertThat(all).hasSize(1);
    assertThat(all.get(0).getEventName()).isEqualTo(SseMetricNames.ALERT_LOG);
    return all.get(0);
  }

  /** {@code sse.alerts} per {@code http.route} value, "(none)" for points without one. */
  private Map<String, Long> alertCounts() {
    Map<String, Long> out = new TreeMap<>();
    for (MetricData m : metrics.collectAllMetrics()) {
      if (!m.getName().equals(SseMetricNames.ALERTS)) {
        continue;
      }
      for (LongPointData p : m.getLongSumData().getPoints()) {
        String route = p.getAttributes().get(HttpAttributes.HTTP_ROUTE);
        out.merge(route == null ? "(none)" : route, p.getValue(), Long::sum);
      }
    }
    return out;
  }

  private static StreamStart start(String id, String route) {
    return new StreamStart(
        id,
        1_000L,
        StreamSource.AGENT,
        "GET",
        route,
        route,
        200,
        "text/event-stream",
        true,
        List.of(),
        List.of(new Header("Content-Type", "text/event-stream")),
        1_000_000L,
        1_000L,
        null,
        null);
  }

  private static AlertRecord alert(String streamId) {
    return new AlertRecord(
        streamId,
        2_000L,
        new Alert(
            AlertKind.BUFFERING,
            "content_length",
            Severity.CRITICAL,
            EVIDENCE,
            "Remove Content-Length"),
        null,
        null,
        0,
        0,
        0);
  }
}
