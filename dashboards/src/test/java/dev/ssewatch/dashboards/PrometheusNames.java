package dev.ssewatch.dashboards;

import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import java.util.List;
import java.util.Map;

/**
 * How an OpenTelemetry metric is named once it reaches Prometheus (through the collector's
 * Prometheus exporters or Prometheus' own OTLP receiver, with underscore escaping and suffixes):
 * characters other than letters, digits, {@code _} and {@code :} become {@code _}; the unit is
 * appended unless the name already carries it, with {@code {…}} annotations dropped; monotonic sums
 * get {@code _total}; histograms are the {@code _bucket}, {@code _sum} and {@code _count} series.
 */
final class PrometheusNames {

  private PrometheusNames() {}

  enum Kind {
    COUNTER,
    GAUGE,
    HISTOGRAM
  }

  private static final Map<String, String> UNITS =
      Map.ofEntries(
          Map.entry("s", "seconds"),
          Map.entry("ms", "milliseconds"),
          Map.entry("us", "microseconds"),
          Map.entry("ns", "nanoseconds"),
          Map.entry("min", "minutes"),
          Map.entry("h", "hours"),
          Map.entry("By", "bytes"),
          Map.entry("KiBy", "kibibytes"),
          Map.entry("MiBy", "mebibytes"),
          Map.entry("%", "percent"));

  static Kind kindOf(MetricData m) {
    MetricDataType type = m.getType();
    return switch (type) {
      case HISTOGRAM, EXPONENTIAL_HISTOGRAM -> Kind.HISTOGRAM;
      case LONG_SUM -> m.getLongSumData().isMonotonic() ? Kind.COUNTER : Kind.GAUGE;
      case DOUBLE_SUM -> m.getDoubleSumData().isMonotonic() ? Kind.COUNTER : Kind.GAUGE;
      default -> Kind.GAUGE;
    };
  }

  /** A label name: attribute keys are escaped like metric names. */
  static String label(String attributeKey) {
    return escape(attributeKey);
  }

  /** The metric family name, before any {@code _bucket}/{@code _sum}/{@code _count} series. */
  static String family(String name, String unit, Kind kind) {
    String base = escape(name);
    String suffix = unitSuffix(unit);
    if (!suffix.isEmpty() && !base.endsWith("_" + suffix) && !base.contains("_" + suffix + "_")) {
      base = base + "_" + suffix;
    }
    if (kind == Kind.COUNTER && !base.endsWith("_total")) {
      base = base + "_total";
    }
    return base;
  }

  /** Every series name a query can select for the metric. */
  static List<String> series(String name, String unit, Kind kind) {
    String family = family(name, unit, kind);
    if (kind == Kind.HISTOGRAM) {
      return List.of(family + "_bucket", family + "_sum", family + "_count");
    }
    return List.of(family);
  }

  private static String unitSuffix(String unit) {
    if (unit == null) {
      return "";
    }
    String u = unit.replaceAll("\\{[^}]*}", "").trim();
    if (u.isEmpty() || u.equals("1")) {
      return "";
    }
    return escape(UNITS.getOrDefault(u, u));
  }

  private static String escape(String s) {
    String out = s.replaceAll("[^a-zA-Z0-9_:]", "_").replaceAll("_+", "_");
    return Character.isDigit(out.charAt(0)) ? "_" + out : out;
  }
}
