package dev.ssewatch.dashboards;

import dev.ssewatch.core.risk.AlertKind;
import dev.ssewatch.core.risk.Severity;
import dev.ssewatch.exporters.otel.GenAiAttributes;
import dev.ssewatch.exporters.otel.SseAttributes;
import dev.ssewatch.exporters.otel.SseMetricNames;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.semconv.HttpAttributes;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Checks the names a query uses against what the exporters emit, both as captured from running them
 * ({@link EmittedNames}) and as declared in their public constants. Returns problems rather than
 * throwing, so a test can show every problem of every query at once, and so a self-test can show
 * that a wrong name is caught.
 */
final class NameCheck {

  /** Tables whose {@code name} column holds instrument or event names, not operation names. */
  private static final Set<String> NAMED_TABLES = Set.of("customMetrics", "customEvents");

  private final Map<String, EmittedNames.Table> appInsights;
  private final Set<String> promSeries;
  private final Set<String> promDeclaredSeries;
  private final Set<String> promLabels;

  NameCheck(Map<String, EmittedNames.Table> appInsights, List<EmittedNames.Metric> otlpMetrics) {
    this.appInsights = appInsights;
    this.promSeries = new TreeSet<>();
    this.promDeclaredSeries = new TreeSet<>();
    this.promLabels = new TreeSet<>();
    Set<String> declaredNames = declaredItemNames();
    for (EmittedNames.Metric m : otlpMetrics) {
      List<String> series = PrometheusNames.series(m.name(), m.unit(), m.kind());
      promSeries.addAll(series);
      if (declaredNames.contains(m.name())) {
        promDeclaredSeries.addAll(series);
      }
      m.attributes().forEach(a -> promLabels.add(PrometheusNames.label(a)));
      if (m.kind() == PrometheusNames.Kind.HISTOGRAM) {
        promLabels.add("le");
      }
    }
  }

  /**
   * Attribute keys declared as public constants: {@link SseAttributes}, {@link GenAiAttributes} and
   * {@code http.route}.
   */
  static Set<String> declaredAttributeKeys() {
    Set<String> keys = new TreeSet<>();
    for (Class<?> c : List.of(SseAttributes.class, GenAiAttributes.class)) {
      for (Field f : c.getFields()) {
        if (Modifier.isStatic(f.getModifiers())
            && AttributeKey.class.isAssignableFrom(f.getType())) {
          try {
            keys.add(((AttributeKey<?>) f.get(null)).getKey());
          } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
          }
        }
      }
    }
    keys.add(HttpAttributes.HTTP_ROUTE.getKey());
    return keys;
  }

  /**
   * Instrument and log-record names declared as public constants ({@link SseMetricNames}): a query
   * may rely only on these, not on whatever else happens to reach the backend.
   */
  static Set<String> declaredItemNames() {
    Set<String> names = new TreeSet<>();
    for (Field f : SseMetricNames.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        try {
          names.add((String) f.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return names;
  }

  static Set<String> alertKinds() {
    return Arrays.stream(AlertKind.values()).map(AlertKind::wireName).collect(Collectors.toSet());
  }

  static Set<String> severities() {
    return Arrays.stream(Severity.values()).map(Severity::wireName).collect(Collectors.toSet());
  }

  List<String> kql(Queries.Query q) {
    KqlNames n = KqlNames.of(q.text());
    List<String> problems = new ArrayList<>();
    if (n.tables().isEmpty()) {
      problems.add(q.where() + ": reads none of the tables the exporter writes");
    }
    Set<String> names = new TreeSet<>();
    Set<String> dimensions = new TreeSet<>();
    for (String table : n.tables()) {
      EmittedNames.Table t = appInsights.get(table);
      if (t == null) {
        problems.add(q.where() + ": table " + table + " gets nothing from the exporter");
        continue;
      }
      dimensions.addAll(t.dimensions());
      if (NAMED_TABLES.contains(table)) {
        names.addAll(t.names());
      }
    }
    Set<String> declaredNames = declaredItemNames();
    for (String name : n.itemNames()) {
      if (!names.contains(name)) {
        problems.add(q.where() + ": name '" + name + "' is not emitted to " + n.tables());
      }
      if (!declaredNames.contains(name)) {
        problems.add(q.where() + ": name '" + name + "' is no exporter constant");
      }
    }
    Set<String> declared = declaredAttributeKeys();
    for (String d : n.dimensions()) {
      if (!dimensions.contains(d)) {
        problems.add(q.where() + ": customDimensions['" + d + "'] is not emitted to " + n.tables());
      }
      if (!declared.contains(d) && !d.startsWith("http.response.header.")) {
        problems.add(q.where() + ": customDimensions['" + d + "'] is no exporter constant");
      }
    }
    checkValues(q, "alert kind", n.alertKinds(), alertKinds(), problems);
    checkValues(q, "alert severity", n.alertSeverities(), severities(), problems);
    return problems;
  }

  List<String> promQl(Queries.Query q) {
    PromQlNames n = PromQlNames.of(q.text());
    List<String> problems = new ArrayList<>();
    if (n.metrics().isEmpty()) {
      problems.add(q.where() + ": selects no metric");
    }
    for (String m : n.metrics()) {
      if (!promSeries.contains(m)) {
        problems.add(q.where() + ": metric " + m + " is not emitted (emitted: " + promSeries + ")");
      }
      if (!promDeclaredSeries.contains(m)) {
        problems.add(q.where() + ": metric " + m + " is no series of an exporter constant");
      }
    }
    Set<String> declared =
        declaredAttributeKeys().stream().map(PrometheusNames::label).collect(Collectors.toSet());
    for (String l : n.labels()) {
      if (!promLabels.contains(l)) {
        problems.add(q.where() + ": label " + l + " is not emitted (emitted: " + promLabels + ")");
      }
      if (!declared.contains(l) && !l.equals("le")) {
        problems.add(q.where() + ": label " + l + " is no exporter constant");
      }
    }
    String kind = PrometheusNames.label(SseAttributes.ALERT_KIND.getKey());
    String severity = PrometheusNames.label(SseAttributes.ALERT_SEVERITY.getKey());
    checkValues(
        q, "alert kind", n.labelValues().getOrDefault(kind, Set.of()), alertKinds(), problems);
    checkValues(
        q,
        "alert severity",
        n.labelValues().getOrDefault(severity, Set.of()),
        severities(),
        problems);
    return problems;
  }

  private static void checkValues(
      Queries.Query q, String what, Set<String> used, Set<String> known, List<String> problems) {
    for (String v : used) {
      if (!known.contains(v)) {
        problems.add(q.where() + ": " + what + " '" + v + "' is none of " + new TreeSet<>(known));
      }
    }
  }
}
