package dev.ssewatch.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.exporters.otel.SseAttributes;
import dev.ssewatch.exporters.otel.SseMetricNames;
import io.opentelemetry.semconv.HttpAttributes;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class QueriesUseOnlyEmittedNamesTest {

  private static List<Queries.Query> workbookQueries() {
    return Queries.workbook(DashboardFiles.json(DashboardFiles.WORKBOOK));
  }

  private static List<Queries.Query> bicepQueries() {
    return Queries.bicep(DashboardFiles.text(DashboardFiles.ALERTS_BICEP));
  }

  private static List<Queries.Query> grafanaQueries() {
    return Queries.grafana(DashboardFiles.json(DashboardFiles.GRAFANA));
  }

  @Test
  void workbookQueriesUseOnlyNamesTheAzureMonitorExporterSends() {
    List<Queries.Query> queries = workbookQueries();
    assertThat(queries).hasSizeGreaterThanOrEqualTo(10);
    assertThat(queries.stream().flatMap(q -> Emitted.check().kql(q).stream())).isEmpty();
  }

  @Test
  void alertRuleQueriesUseOnlyNamesTheAzureMonitorExporterSends() {
    List<Queries.Query> queries = bicepQueries();
    assertThat(queries).hasSize(2);
    assertThat(queries.stream().flatMap(q -> Emitted.check().kql(q).stream())).isEmpty();
  }

  @Test
  void grafanaExpressionsUseOnlyMetricsAndLabelsTheOtlpMappingEmits() {
    List<Queries.Query> queries = grafanaQueries();
    assertThat(queries).hasSizeGreaterThanOrEqualTo(12);
    assertThat(queries.stream().flatMap(q -> Emitted.check().promQl(q).stream())).isEmpty();
  }

  @Test
  void workbookShowsEverySignalTheIssueAsksFor() {
    Set<String> names = new TreeSet<>();
    Set<String> dimensions = new TreeSet<>();
    Set<String> kinds = new TreeSet<>();
    for (Queries.Query q : workbookQueries()) {
      KqlNames n = KqlNames.of(q.text());
      names.addAll(n.itemNames());
      dimensions.addAll(n.dimensions());
      kinds.addAll(n.alertKinds());
    }
    assertThat(names)
        .contains(
            SseMetricNames.STREAMS_OPEN,
            SseMetricNames.EVENTS,
            SseMetricNames.HEARTBEATS,
            SseMetricNames.EVENT_GAP,
            SseMetricNames.ALERT_LOG);
    assertThat(dimensions)
        .contains(
            SseAttributes.TIME_TO_FIRST_EVENT_MS.getKey(),
            SseAttributes.LARGEST_GAP_MS.getKey(),
            SseAttributes.EVENT_GAP_MS.getKey(),
            SseAttributes.ALERT_KIND.getKey(),
            SseAttributes.ALERT_RULE.getKey(),
            SseAttributes.ALERT_EVIDENCE.getKey(),
            SseAttributes.ROUTE.getKey(),
            SseAttributes.STREAM_ID.getKey(),
            HttpAttributes.HTTP_ROUTE.getKey());
    assertThat(kinds).contains("buffering", "idle_timeout_risk", "likely_idle_kill");
  }

  @Test
  void eachAlertRuleSelectsTheKindsItIsNamedFor() {
    List<Queries.Query> queries = bicepQueries();
    KqlNames buffering = KqlNames.of(queries.get(0).text());
    KqlNames idle = KqlNames.of(queries.get(1).text());
    // A cause that goes on arrives as summaries after its first alert: the rules keep firing.
    assertThat(buffering.itemNames())
        .containsExactly(SseMetricNames.ALERT_LOG, SseMetricNames.ALERT_SUMMARY_LOG);
    assertThat(buffering.alertKinds()).containsExactly("buffering");
    // Information (an event stream only not marked cacheable, as Spring sends it) pages no one.
    assertThat(buffering.alertSeverities()).containsExactly("info");
    assertThat(queries.get(0).text()).contains("severity != 'info'");
    assertThat(idle.itemNames())
        .containsExactly(SseMetricNames.ALERT_LOG, SseMetricNames.ALERT_SUMMARY_LOG);
    assertThat(idle.alertKinds())
        .containsExactlyInAnyOrder("idle_timeout_risk", "likely_idle_kill");
    assertThat(idle.alertSeverities()).containsExactly("critical");
  }

  @Test
  void grafanaShowsEveryMetricFamilyTheIssueAsksFor() {
    Set<String> metrics = new TreeSet<>();
    for (Queries.Query q : grafanaQueries()) {
      metrics.addAll(PromQlNames.of(q.text()).metrics());
    }
    assertThat(metrics)
        .contains(
            "sse_streams_open",
            "sse_stream_time_to_first_event_seconds_bucket",
            "sse_event_gap_seconds_bucket",
            "sse_events_total",
            "sse_heartbeats_total",
            "sse_alerts_total");
  }
}
