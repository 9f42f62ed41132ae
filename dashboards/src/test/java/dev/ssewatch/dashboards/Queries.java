package dev.ssewatch.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Pulls the queries out of the dashboard files, each named by where it was found. */
final class Queries {

  private Queries() {}

  record Query(String where, String text) {}

  /**
   * Every KQL query of a workbook: query items ({@code type 3}) and parameter queries, also inside
   * groups ({@code type 12}).
   */
  static List<Query> workbook(JsonNode workbook) {
    List<Query> out = new ArrayList<>();
    collectWorkbookItems(workbook.path("items"), out);
    return out;
  }

  private static void collectWorkbookItems(JsonNode items, List<Query> out) {
    for (JsonNode item : items) {
      int type = item.path("type").asInt();
      JsonNode content = item.path("content");
      String where = "workbook item '" + item.path("name").asText() + "'";
      if (type == 3) {
        out.add(new Query(where, content.path("query").asText()));
      } else if (type == 9) {
        for (JsonNode p : content.path("parameters")) {
          if (p.hasNonNull("query")) {
            out.add(
                new Query(
                    "workbook parameter '" + p.path("name").asText() + "'",
                    p.path("query").asText()));
          }
        }
      } else if (type == 12) {
        collectWorkbookItems(content.path("items"), out);
      }
    }
  }

  /** {@code query: '''…'''} (multi-line) and {@code query: '…'} (one line) properties. */
  private static final Pattern BICEP_MULTILINE =
      Pattern.compile("\\bquery\\s*:\\s*'''(.*?)'''", Pattern.DOTALL);

  private static final Pattern BICEP_SINGLE =
      Pattern.compile("\\bquery\\s*:\\s*'((?:[^'\\\\\\n]|\\\\.)*)'(?!')");

  static List<Query> bicep(String bicep) {
    List<Query> out = new ArrayList<>();
    Matcher m = BICEP_MULTILINE.matcher(bicep);
    while (m.find()) {
      out.add(new Query("bicep line " + lineOf(bicep, m.start()), m.group(1)));
    }
    Matcher s = BICEP_SINGLE.matcher(bicep);
    while (s.find()) {
      out.add(new Query("bicep line " + lineOf(bicep, s.start()), s.group(1).replace("\\'", "'")));
    }
    return out;
  }

  /** Every PromQL expression of a Grafana dashboard: panel targets and query variables. */
  static List<Query> grafana(JsonNode dashboard) {
    List<Query> out = new ArrayList<>();
    collectPanels(dashboard.path("panels"), out);
    for (JsonNode v : dashboard.path("templating").path("list")) {
      if ("query".equals(v.path("type").asText())) {
        JsonNode q = v.path("query");
        String text = q.isTextual() ? q.asText() : q.path("query").asText();
        out.add(new Query("grafana variable '" + v.path("name").asText() + "'", text));
      }
    }
    return out;
  }

  private static void collectPanels(JsonNode panels, List<Query> out) {
    for (JsonNode p : panels) {
      for (JsonNode t : p.path("targets")) {
        out.add(
            new Query(
                "grafana panel '" + p.path("title").asText() + "' " + t.path("refId").asText(),
                t.path("expr").asText()));
      }
      collectPanels(p.path("panels"), out);
    }
  }

  private static int lineOf(String text, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }
}
