package dev.ssewatch.proxy.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.core.risk.Alert;
import dev.ssewatch.core.risk.AlertKind;
import dev.ssewatch.core.risk.Severity;
import dev.ssewatch.core.telemetry.AlertRecord;
import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.telemetry.TelemetryDispatcher;
import dev.ssewatch.core.telemetry.TelemetryRecord;
import dev.ssewatch.core.telemetry.TelemetrySink;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** {@code /metrics} counts every alert, including those the export groups into a summary. */
class ProxyMetricsAlertsTest {

  private final List<TelemetryRecord> exported = new CopyOnWriteArrayList<>();

  private final TelemetrySink capture =
      new TelemetrySink() {
        @Override
        public void export(List<TelemetryRecord> batch) {
          exported.addAll(batch);
        }

        @Override
        public void flush() {}

        @Override
        public void shutdown() {}
      };

  private static AlertRecord alert(String stream, String rule, Severity severity) {
    return new AlertRecord(
        stream,
        0,
        new Alert(AlertKind.BUFFERING, rule, severity, "evidence", "advice"),
        StreamSource.PROXY,
        "/chat",
        0,
        0,
        0);
  }

  @Test
  void everyAlertIsCountedByKindAndByRuleWhileTheExportSendsOnePerCause() {
    ProxyMetrics metrics = new ProxyMetrics();
    TelemetryDispatcher dispatcher =
        TelemetryDispatcher.builder()
            .alertGrouping(Duration.ofMinutes(5), 10)
            .sink(capture)
            .build();
    try {
      metrics.alertGrouping(dispatcher::alertsHeld, dispatcher::alertsUngrouped);
      Consumer<TelemetryRecord> sink = metrics.counting(dispatcher);
      for (int i = 0; i < 5; i++) {
        sink.accept(alert("s-" + i, "cache_control", Severity.INFO));
      }
      sink.accept(alert("s-9", "content_length", Severity.CRITICAL));
      assertThat(dispatcher.flush(Duration.ofSeconds(30))).isTrue();

      assertThat(exported).hasSize(2);
      assertThat(metrics.prometheus())
          .contains("ssewatch_proxy_alerts_total{kind=\"buffering\"} 6\n")
          .contains(
              "ssewatch_proxy_alert_rules_total{rule=\"cache_control\",severity=\"info\"} 5\n")
          .contains(
              "ssewatch_proxy_alert_rules_total{rule=\"content_length\",severity=\"critical\"} 1\n")
          .contains("ssewatch_proxy_alerts_grouped_total 4\n")
          .contains("ssewatch_proxy_alerts_ungrouped_total 0\n");
    } finally {
      dispatcher.close();
    }
  }
}
