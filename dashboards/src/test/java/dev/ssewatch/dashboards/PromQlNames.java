package dev.ssewatch.dashboards;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names a PromQL expression depends on: metric (series) names, label names (in matchers and in
 * {@code by}/{@code without}/{@code on}/{@code ignoring} clauses, and the label of {@code
 * label_values}), and the literal values its matchers give each label ({@code =~} alternatives
 * split on {@code |}). Grafana variables ({@code $route}, {@code $__rate_interval}) are ignored.
 */
record PromQlNames(Set<String> metrics, Set<String> labels, Map<String, Set<String>> labelValues) {

  private static final Set<String> KEYWORDS =
      Set.of(
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "bool",
          "and",
          "or",
          "unless",
          "offset",
          "inf",
          "nan");
  private static final Pattern LABEL_VALUES =
      Pattern.compile(
          "label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*\\)");
  private static final Pattern MATCHERS = Pattern.compile("\\{([^}]*)}");
  private static final Pattern MATCHER =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final Pattern GROUPING =
      Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");
  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  static PromQlNames of(String expr) {
    Set<String> metrics = new LinkedHashSet<>();
    Set<String> labels = new LinkedHashSet<>();
    Map<String, Set<String>> values = new LinkedHashMap<>();
    String e = expr;
    Matcher lv = LABEL_VALUES.matcher(e);
    while (lv.find()) {
      metrics.add(lv.group(1));
      labels.add(lv.group(2));
    }
    e = LABEL_VALUES.matcher(e).replaceAll(" ");
    // Grafana variables: ${name}, $name, $__interval.
    e = e.replaceAll("\\$\\{[^}]*}|\\$[A-Za-z_][A-Za-z0-9_]*", " ");
    Matcher ms = MATCHERS.matcher(e);
    while (ms.find()) {
      Matcher m = MATCHER.matcher(ms.group(1));
      while (m.find()) {
        labels.add(m.group(1));
        String v = m.group(3);
        Set<String> vs = values.computeIfAbsent(m.group(1), k -> new LinkedHashSet<>());
        if (m.group(2).contains("~")) {
          for (String alt : v.split("\\|")) {
            vs.add(alt);
          }
        } else {
          vs.add(v);
        }
      }
    }
    e = MATCHERS.matcher(e).replaceAll(" ");
    Matcher g = GROUPING.matcher(e);
    while (g.find()) {
      for (String l : g.group(1).split(",")) {
        if (!l.isBlank()) {
          labels.add(l.trim());
        }
      }
    }
    e = GROUPING.matcher(e).replaceAll(" ");
    e = e.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", " ").replaceAll("\\[[^]]*]", " ");
    Matcher id = IDENTIFIER.matcher(e);
    while (id.find()) {
      String name = id.group();
      boolean isCall = e.substring(id.end()).matches("(?s)\\s*\\(.*");
      boolean partOfNumber =
          id.start() > 0
              && (Character.isDigit(e.charAt(id.start() - 1)) || e.charAt(id.start() - 1) == '.');
      if (!isCall && !partOfNumber && !KEYWORDS.contains(name.toLowerCase())) {
        metrics.add(name);
      }
    }
    return new PromQlNames(metrics, labels, values);
  }
}
