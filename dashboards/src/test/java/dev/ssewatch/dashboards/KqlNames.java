package dev.ssewatch.dashboards;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names a KQL query depends on: the Application Insights tables it reads, the item names it
 * filters on ({@code name == '…'}, {@code name in (…)}), the custom dimension keys it reads ({@code
 * customDimensions['…']}, {@code customDimensions["…"]}, {@code customDimensions.…}) and the alert
 * kinds and severities it compares with ({@code alert_kind == '…'}, {@code severity in (…)}).
 */
record KqlNames(
    Set<String> tables,
    Set<String> itemNames,
    Set<String> dimensions,
    Set<String> alertKinds,
    Set<String> alertSeverities) {

  static final Set<String> KNOWN_TABLES =
      Set.of("requests", "dependencies", "customMetrics", "customEvents", "traces", "exceptions");

  private static final Pattern TABLE =
      Pattern.compile("\\b(requests|dependencies|customMetrics|customEvents|traces|exceptions)\\b");
  private static final Pattern DIMENSION_BRACKET =
      Pattern.compile("customDimensions\\s*\\[\\s*(?:'([^']*)'|\"([^\"]*)\")\\s*]");
  private static final Pattern DIMENSION_DOT =
      Pattern.compile("customDimensions\\.([A-Za-z_][A-Za-z0-9_]*)");

  static KqlNames of(String kql) {
    String code = withoutComments(kql);
    Set<String> tables = new LinkedHashSet<>();
    Matcher t = TABLE.matcher(code);
    while (t.find()) {
      tables.add(t.group(1));
    }
    Set<String> dimensions = new LinkedHashSet<>();
    Matcher b = DIMENSION_BRACKET.matcher(code);
    while (b.find()) {
      dimensions.add(b.group(1) != null ? b.group(1) : b.group(2));
    }
    Matcher d = DIMENSION_DOT.matcher(code);
    while (d.find()) {
      dimensions.add(d.group(1));
    }
    return new KqlNames(
        tables,
        comparedWith("name", code),
        dimensions,
        comparedWith("alert_kind", code),
        comparedWith("severity", code));
  }

  /** String literals compared with {@code column} by {@code ==}, {@code =~} or {@code in (…)}. */
  static Set<String> comparedWith(String column, String code) {
    Set<String> out = new LinkedHashSet<>();
    Matcher eq =
        Pattern.compile(
                "(?<![\\w.'\\]])" + column + "\\s*(?:==|=~|!=)\\s*(?:'([^']*)'|\"([^\"]*)\")")
            .matcher(code);
    while (eq.find()) {
      out.add(eq.group(1) != null ? eq.group(1) : eq.group(2));
    }
    Matcher in =
        Pattern.compile("(?<![\\w.'\\]])" + column + "\\s+(?:!in|in~|in)\\s*\\(([^)]*)\\)")
            .matcher(code);
    while (in.find()) {
      Matcher lit = Pattern.compile("'([^']*)'|\"([^\"]*)\"").matcher(in.group(1));
      while (lit.find()) {
        out.add(lit.group(1) != null ? lit.group(1) : lit.group(2));
      }
    }
    return out;
  }

  private static String withoutComments(String kql) {
    return kql.replaceAll("(?m)^\\s*//.*$", "");
  }
}
