package dev.ssewatch.proxy.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.core.telemetry.ExporterHealth;
import dev.ssewatch.core.telemetry.ExporterHealth.Reason;
import dev.ssewatch.core.telemetry.ExporterHealth.State;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProxyMetricsExportersTest {

  @Test
  void eachExportersRecordsAndStateAreExposed() {
    ExporterHealth otlp = ExporterHealth.of("otlp");
    ExporterHealth hubs = ExporterHealth.of("event-hubs");
    otlp.sent(12);
    otlp.dropped(Reason.BREAKER_OPEN, 5);
    hubs.failed(Reason.REFUSED, 3);
    hubs.enter(State.REFUSED, "Event Hubs refused the token");
    ProxyMetrics metrics = new ProxyMetrics();
    metrics.exporterHealth(() -> List.of(otlp, hubs));

    String text = metrics.prometheus();

    assertThat(text)
        .contains("# TYPE ssewatch_exporter_records_total counter\n")
        .contains(
            "ssewatch_exporter_records_total{exporter=\"otlp\",outcome=\"sent\",reason=\"\"} 12\n")
        .contains(
            "ssewatch_exporter_records_total{exporter=\"otlp\",outcome=\"dropped\","
                + "reason=\"breaker_open\"} 5\n")
        .contains(
            "ssewatch_exporter_records_total{exporter=\"event-hubs\",outcome=\"failed\","
                + "reason=\"refused\"} 3\n")
        .contains(
            "ssewatch_exporter_records_total{exporter=\"event-hubs\",outcome=\"failed\","
                + "reason=\"unreachable\"} 0\n")
        .contains("# TYPE ssewatch_exporter_state gauge\n")
        .contains("ssewatch_exporter_state{exporter=\"otlp\",state=\"ok\"} 1\n")
        .contains("ssewatch_exporter_state{exporter=\"otlp\",state=\"refused\"} 0\n")
        .contains("ssewatch_exporter_state{exporter=\"event-hubs\",state=\"refused\"} 1\n")
        .contains("ssewatch_exporter_state{exporter=\"event-hubs\",state=\"ok\"} 0\n");
  }

  @Test
  void withoutExportersThereAreNoExporterSeries() {
    assertThat(new ProxyMetrics().prometheus()).doesNotContain("ssewatch_exporter_");
  }

  @Test
  void everyTotalIsACounterAndEveryOtherPlainMetricAGauge() {
    for (String line : new ProxyMetrics().prometheus().lines().toList()) {
      if (line.startsWith("# TYPE ")) {
        String[] parts = line.split(" ");
        if (parts[2].endsWith("_total")) {
          assertThat(parts[3]).as(parts[2]).isEqualTo("counter");
        } else if (!parts[3].equals("histogram")) {
          assertThat(parts[3]).as(parts[2]).isEqualTo("gauge");
        }
      }
    }
  }
}
