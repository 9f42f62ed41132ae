package dev.ssewatch.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DashboardFilesTest {

  private static final Set<String> WORKBOOK_VISUALIZATIONS =
      Set.of(
          "table",
          "timechart",
          "barchart",
          "areachart",
          "linechart",
          "piechart",
          "scatterchart",
          "tiles",
          "categoricalbar",
          "graph",
          "map",
          "stat");

  @Test
  void workbookIsANotebookWithTimeRangeResourceAndRouteParameters() {
    JsonNode wb = DashboardFiles.json(DashboardFiles.WORKBOOK);
    assertThat(wb.path("version").asText()).isEqualTo("Notebook/1.0");
    List<JsonNode> parameters = new ArrayList<>();
    for (JsonNode item : wb.path("items")) {
      if (item.path("type").asInt() == 9) {
        item.path("content").path("parameters").forEach(parameters::add);
      }
    }
    assertThat(parameters)
        .extracting(p -> p.path("name").asText() + ":" + p.path("type").asInt())
        .containsExactly("TimeRange:4", "Resource:5", "Route:2");
    assertThat(
            parameters
                .get(1)
                .path("typeSettings")
                .path("resourceTypeFilter")
                .has("microsoft.insights/components"))
        .isTrue();
  }

  @Test
  void everyWorkbookQueryIsALogsQueryOnTheChosenResourceWithAVisualization() {
    JsonNode wb = DashboardFiles.json(DashboardFiles.WORKBOOK);
    int queries = 0;
    Set<String> names = new HashSet<>();
    for (JsonNode item : wb.path("items")) {
      assertThat(names.add(item.path("name").asText())).as("unique item name").isTrue();
      if (item.path("type").asInt() != 3) {
        continue;
      }
      queries++;
      JsonNode c = item.path("content");
      String title = c.path("title").asText();
      assertThat(c.path("version").asText()).as(title).isEqualTo("KqlItem/1.0");
      assertThat(c.path("queryType").asInt()).as(title).isZero();
      assertThat(c.path("resourceType").asText())
          .as(title)
          .isEqualTo("microsoft.insights/components");
      assertThat(c.path("crossComponentResources").toString()).as(title).contains("{Resource}");
      assertThat(c.path("timeContextFromParameter").asText()).as(title).isEqualTo("TimeRange");
      assertThat(WORKBOOK_VISUALIZATIONS).as(title).contains(c.path("visualization").asText());
      String query = c.path("query").asText();
      assertThat(query).as(title).contains("{TimeRange}").containsAnyOf("summarize", "| project");
    }
    assertThat(queries).isGreaterThanOrEqualTo(10);
  }

  @Test
  void workbookQueriesOnlyUseDeclaredParameters() {
    JsonNode wb = DashboardFiles.json(DashboardFiles.WORKBOOK);
    Set<String> declared = new HashSet<>();
    for (JsonNode item : wb.path("items")) {
      item.path("content").path("parameters").forEach(p -> declared.add(p.path("name").asText()));
    }
    Pattern ref = Pattern.compile("\\{([A-Za-z]+)(?::[a-z]+)?}");
    for (Queries.Query q : Queries.workbook(wb)) {
      Matcher m = ref.matcher(q.text());
      while (m.find()) {
        assertThat(declared).as(q.where()).contains(m.group(1));
      }
    }
  }

  @Test
  void grafanaDashboardTakesItsPrometheusDatasourceFromAVariable() {
    JsonNode d = DashboardFiles.json(DashboardFiles.GRAFANA);
    assertThat(d.path("title").asText()).isNotBlank();
    assertThat(d.path("uid").asText()).isNotBlank();
    assertThat(d.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
    JsonNode ds = d.path("templating").path("list").get(0);
    assertThat(ds.path("type").asText()).isEqualTo("datasource");
    assertThat(ds.path("query").asText()).isEqualTo("prometheus");
    Set<Integer> ids = new HashSet<>();
    for (JsonNode p : d.path("panels")) {
      assertThat(ids.add(p.path("id").asInt())).as("unique panel id").isTrue();
      assertThat(p.path("datasource").path("uid").asText())
          .as(p.path("title").asText())
          .isEqualTo("${" + ds.path("name").asText() + "}");
      assertThat(p.path("targets")).as(p.path("title").asText()).isNotEmpty();
      for (JsonNode t : p.path("targets")) {
        assertThat(t.path("expr").asText()).isNotBlank();
        assertThat(t.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
      }
    }
  }

  @Test
  void alertParametersExampleIsADeploymentParametersFileForParamsTheBicepDeclares() {
    JsonNode p = DashboardFiles.json(DashboardFiles.ALERTS_PARAMETERS);
    assertThat(p.path("$schema").asText()).endsWith("deploymentParameters.json#");
    Set<String> declared = BicepShape.params(DashboardFiles.text(DashboardFiles.ALERTS_BICEP));
    List<String> given = new ArrayList<>();
    p.path("parameters").fieldNames().forEachRemaining(given::add);
    assertThat(declared).containsAll(given);
    assertThat(given)
        .containsAll(BicepShape.requiredParams(DashboardFiles.text(DashboardFiles.ALERTS_BICEP)));
  }

  @Test
  void bicepDeclaresTwoScheduledQueryRulesWithTheParametersTheDocsName() {
    String bicep = DashboardFiles.text(DashboardFiles.ALERTS_BICEP);
    assertThat(BicepShape.balanced(bicep)).isTrue();
    assertThat(BicepShape.resourceTypes(bicep))
        .containsExactly(
            "Microsoft.Insights/components@2020-02-02",
            "Microsoft.Insights/scheduledQueryRules@2023-03-15-preview",
            "Microsoft.Insights/scheduledQueryRules@2023-03-15-preview");
    assertThat(BicepShape.params(bicep))
        .contains(
            "appInsightsName",
            "scopes",
            "actionGroupId",
            "bufferingSeverity",
            "idleTimeoutSeverity",
            "evaluationFrequency",
            "windowSize");
    for (String param : BicepShape.params(bicep)) {
      assertThat(BicepShape.uses(bicep, param)).as("param %s is used", param).isTrue();
    }
  }

  @Test
  void everyAlertRuleDimensionIsAColumnItsQueryProjects() {
    String bicep = DashboardFiles.text(DashboardFiles.ALERTS_BICEP);
    List<Queries.Query> queries = Queries.bicep(bicep);
    List<List<String>> dimensions = BicepShape.dimensionNames(bicep);
    assertThat(dimensions).hasSameSizeAs(queries);
    for (int i = 0; i < queries.size(); i++) {
      String text = queries.get(i).text();
      String projected = text.substring(text.lastIndexOf("| project"));
      for (String dim : dimensions.get(i)) {
        assertThat(projected).as(queries.get(i).where()).containsPattern("\\b" + dim + "\\b");
      }
    }
  }

  @Test
  void readmeGivesTheDeploymentCommandAndNamesEveryFile() {
    String readme = DashboardFiles.text(DashboardFiles.README);
    assertThat(readme)
        .contains("az deployment group create")
        .contains("--template-file dashboards/azure-monitor/alerts.bicep")
        .contains("appInsightsName=")
        .contains("actionGroupId=")
        .contains(DashboardFiles.WORKBOOK.getFileName().toString())
        .contains(DashboardFiles.GRAFANA.getFileName().toString())
        .contains(DashboardFiles.ALERTS_PARAMETERS.getFileName().toString());
  }
}
