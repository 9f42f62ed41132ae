package dev.ssewatch.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
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
        .singleElement()
        .asString()
        .contains("name 'sse.stream.open' is not emitted");
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
        .singleElement()
        .asString()
        .contains("metric sse_events is not emitted");
  }

  @Test
  void histogramWithoutUnitSuffixIsRejected() {
    assertThat(grafanaProblems("histogram without unit suffix"))
        .singleElement()
        .asString()
        .contains("metric sse_event_gap_bucket is not emitted");
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
}
