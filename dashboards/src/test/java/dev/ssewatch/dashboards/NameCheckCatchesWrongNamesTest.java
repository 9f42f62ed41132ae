package dev.ssewatch.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The checker must be able to fail: each fixture query carries one wrong name. */
class NameCheckCatchesWrongNamesTest {

  private static final Path FIXTURES = Path.of("src", "test", "resources", "fixtures");

  private static List<String> workbookProblems(String item) {
    return Queries.workbook(DashboardFiles.json(FIXTURES.resolve("wrong-names-workbook.json")))
        .stream()
        .filter(q -> q.where().contains("'" + item + "'"))
        .flatMap(q -> Emitted.check().kql(q).stream())
        .toList();
  }

  private static List<String> grafanaProblems(String title) {
    return Queries.grafana(DashboardFiles.json(FIXTURES.resolve("wrong-names-grafana.json")))
        .stream()
        .filter(q -> q.where().contains("'" + title + "'"))
        .flatMap(q -> Emitted.check().promQl(q).stream())
        .toList();
  }

  @Test
  void misspeltMetricNameIsRejected() {
    assertThat(workbookProblems("misspelt-metric"))
        .hasSize(2)
        .anySatisfy(p -> assertThat(p).contains("name 'sse.stream.open' is not emitted"))
        .anySatisfy(p -> assertThat(p).contains("name 'sse.stream.open' is no exporter constant"));
  }

  @Test
  void misspeltCustomDimensionIsRejected() {
    assertThat(workbookProblems("misspelt-dimension"))
        .isNotEmpty()
        .allMatch(p -> p.contains("sse.time_to_first_event']"));
  }

  @Test
  void dimensionOfAnotherTableIsRejected() {
    assertThat(workbookProblems("dimension-of-another-table"))
        .singleElement()
        .asString()
        .contains("customDimensions['sse.largest_gap_ms'] is not emitted to [customEvents]");
  }

  @Test
  void unknownAlertKindIsRejected() {
    assertThat(workbookProblems("unknown-alert-kind"))
        .singleElement()
        .asString()
        .contains("alert kind 'idle_timeout'");
  }

  @Test
  void bicepQueriesOfBothStringFormsAreExtractedAndChecked() {
    List<Queries.Query> queries =
        Queries.bicep(DashboardFiles.text(FIXTURES.resolve("wrong-names.bicep")));
    assertThat(queries).hasSize(2);
    assertThat(Emitted.check().kql(queries.get(0)))
        .singleElement()
        .asString()
        .contains("name 'sse.alerts' is not emitted");
    assertThat(queries.get(1).text()).contains("name == 'sse.alert'");
    assertThat(Emitted.check().kql(queries.get(1)))
        .isNotEmpty()
        .allMatch(p -> p.contains("customDimensions['severity']"));
  }

  @Test
  void counterWithoutTotalSuffixIsRejected() {
    assertThat(grafanaProblems("counter without _total"))
        .hasSize(2)
        .allMatch(p -> p.contains("metric sse_events is "));
  }

  @Test
  void histogramWithoutUnitSuffixIsRejected() {
    assertThat(grafanaProblems("histogram without unit suffix"))
        .hasSize(2)
        .allMatch(p -> p.contains("metric sse_event_gap_bucket is "));
  }

  @Test
  void unknownLabelIsRejected() {
    assertThat(grafanaProblems("label with dots"))
        .isNotEmpty()
        .allMatch(p -> p.contains("label route "));
  }

  @Test
  void unknownAlertKindLabelValueIsRejected() {
    assertThat(grafanaProblems("unknown alert kind"))
        .singleElement()
        .asString()
        .contains("alert kind 'idle'");
  }

  /**
   * A name the backend receives but no exporter constant declares (an SDK's own metric, a leftover
   * of an old version) is no contract: queries must not depend on it.
   */
  @Test
  void emittedNameThatIsNoExporterConstantIsRejected() {
    NameCheck check =
        new NameCheck(
            Map.of(
                "customMetrics",
                new EmittedNames.Table(Set.of("sse.legacy.streams"), Set.of("http.route"))),
            List.of(
                new EmittedNames.Metric(
                    "sse.legacy.streams",
                    "{stream}",
                    PrometheusNames.Kind.COUNTER,
                    Set.of("http.route"))));

    assertThat(
            check.kql(
                new Queries.Query(
                    "fixture", "customMetrics\n| where name == 'sse.legacy.streams'")))
        .singleElement()
        .asString()
        .contains("name 'sse.legacy.streams' is no exporter constant");
    assertThat(check.promQl(new Queries.Query("fixture", "sum(sse_legacy_streams_total)")))
        .singleElement()
        .asString()
        .contains("metric sse_legacy_streams_total is no series of an exporter constant");
  }
}
