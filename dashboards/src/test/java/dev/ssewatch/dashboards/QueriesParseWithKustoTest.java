package dev.ssewatch.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every KQL query of the workbook and of the alert rules, parsed and analysed by Kusto's own
 * language service against the Application Insights schema: no syntax error, no unknown table,
 * column or function, no warning. Skipped, saying why, where Node.js or the service is missing.
 */
class QueriesParseWithKustoTest {

  /** A workbook parameter reference: {@code {Name}} or {@code {Name:format}}. */
  private static final Pattern PARAMETER = Pattern.compile("\\{([A-Za-z]+)(?::([A-Za-z]+))?\\}");

  @BeforeAll
  static void serviceRuns() {
    String why = KustoLanguageService.unavailable();
    assumeTrue(why == null, () -> "skipped: " + why);
  }

  @Test
  void workbookQueriesAreCleanKql() throws Exception {
    List<Queries.Query> queries = new ArrayList<>();
    for (Queries.Query q : Queries.workbook(DashboardFiles.json(DashboardFiles.WORKBOOK))) {
      queries.add(new Queries.Query(q.where(), expandParameters(q)));
    }

    assertThat(queries).hasSizeGreaterThan(5);
    assertThat(KustoLanguageService.analyse(ApplicationInsightsTables.classic(), queries))
        .isEmpty();
  }

  @Test
  void alertRuleQueriesAreCleanKql() throws Exception {
    List<Queries.Query> queries = Queries.bicep(DashboardFiles.text(DashboardFiles.ALERTS_BICEP));

    assertThat(queries).isNotEmpty();
    assertThat(KustoLanguageService.analyse(ApplicationInsightsTables.classic(), queries))
        .isEmpty();
  }

  /** The check itself: what a wrong query looks like to it. */
  @Test
  void unknownTablesColumnsFunctionsAndSyntaxErrorsAreReported() throws Exception {
    List<Queries.Query> wrong =
        List.of(
            new Queries.Query("table", "customEvent | take 1"),
            new Queries.Query("column", "customEvents | where nme == 'sse.alert'"),
            new Queries.Query("function", "customMetrics | summarize percentil(value, 50)"),
            new Queries.Query("syntax", "requests | where timestamp > ago(1h) |"),
            new Queries.Query("arguments", "requests | extend d = todouble(duration, 1)"),
            new Queries.Query("workspace table in a classic query", "AppRequests | take 1"));

    List<KustoLanguageService.Diagnostic> found =
        KustoLanguageService.analyse(ApplicationInsightsTables.classic(), wrong);

    assertThat(found)
        .extracting(KustoLanguageService.Diagnostic::where)
        .containsAll(wrong.stream().map(Queries.Query::where).toList());
    assertThat(
            KustoLanguageService.analyse(
                ApplicationInsightsTables.classic(),
                List.of(new Queries.Query("clean", "customEvents | where name == 'sse.alert'"))))
        .isEmpty();
  }

  /**
   * What Azure Workbooks put in place of a parameter before the query runs: a time range as a
   * {@code where timestamp} condition, its grain as a timespan, a multi-select dropdown as quoted,
   * comma-separated values ({@code '*'} for "all"). A parameter this does not know fails the test,
   * so a new one is given a value here.
   */
  private static String expandParameters(Queries.Query q) {
    Matcher m = PARAMETER.matcher(q.text());
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String format = m.group(2);
      String value =
          switch (name + (format == null ? "" : ":" + format)) {
            case "TimeRange" -> "> ago(4h)";
            case "TimeRange:grain" -> "5m";
            case "Route" -> "'*'";
            // A resource picker's value: the resource id, which the query quotes itself.
            case "Resource" ->
                "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/"
                    + "microsoft.insights/components/app";
            default ->
                throw new AssertionError(
                    q.where() + ": workbook parameter {" + m.group() + "} has no test value");
          };
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
