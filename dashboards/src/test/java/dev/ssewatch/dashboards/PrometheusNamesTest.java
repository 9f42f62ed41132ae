package dev.ssewatch.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.dashboards.PrometheusNames.Kind;
import org.junit.jupiter.api.Test;

class PrometheusNamesTest {

  @Test
  void counterGetsTotalAndLosesAnnotationUnit() {
    assertThat(PrometheusNames.family("sse.events", "{event}", Kind.COUNTER))
        .isEqualTo("sse_events_total");
  }

  @Test
  void upDownCounterIsAGaugeWithoutTotal() {
    assertThat(PrometheusNames.family("sse.streams.open", "{stream}", Kind.GAUGE))
        .isEqualTo("sse_streams_open");
  }

  @Test
  void histogramGetsItsUnitAndThreeSeries() {
    assertThat(PrometheusNames.series("sse.event.gap", "s", Kind.HISTOGRAM))
        .containsExactly(
            "sse_event_gap_seconds_bucket",
            "sse_event_gap_seconds_sum",
            "sse_event_gap_seconds_count");
    assertThat(PrometheusNames.family("sse.event.size", "By", Kind.HISTOGRAM))
        .isEqualTo("sse_event_size_bytes");
  }

  @Test
  void unitAlreadyInTheNameIsNotRepeated() {
    assertThat(PrometheusNames.family("http.server.duration_seconds", "s", Kind.HISTOGRAM))
        .isEqualTo("http_server_duration_seconds");
  }

  @Test
  void attributeKeysBecomeUnderscoredLabels() {
    assertThat(PrometheusNames.label("sse.alert.kind")).isEqualTo("sse_alert_kind");
    assertThat(PrometheusNames.label("http.route")).isEqualTo("http_route");
  }
}
