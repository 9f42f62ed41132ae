package dev.ssewatch.load;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** The summary printed at the end of a run or a merge. */
final class SummaryTable {

  private SummaryTable() {}

  static String render(LoadResult r, List<String> thresholdFailures, boolean thresholdsSet) {
    StringBuilder b = new StringBuilder(2048);
    b.append("ssewatch load: ")
        .append(r.runs == 1 ? "1 run" : r.runs + " runs merged")
        .append(", ")
        .append(micros(r.durationMillis * 1000))
        .append('\n');
    for (String t : r.targets) {
      b.append("  ").append(t).append('\n');
    }
    row(b, "streams started", String.valueOf(r.counter("streams_started")));
    row(
        b,
        "connections",
        r.counter("connections")
            + " ("
            + r.counter("reconnects")
            + " reconnects, "
            + r.counter("failed_connections")
            + " failed, error rate "
            + percent(r.errorRate())
            + ")");
    row(
        b,
        "events",
        r.counter("events") + String.format(Locale.ROOT, " (%.1f/s)", r.perSecond("events")));
    row(
        b,
        "body bytes",
        r.counter("bytes") + String.format(Locale.ROOT, " (%.0f/s)", r.perSecond("bytes")));
    row(b, "comments (heartbeats)", String.valueOf(r.counter("comments")));
    if (r.counter("skipped_at_max_open") > 0) {
      row(b, "skipped at --max-open", String.valueOf(r.counter("skipped_at_max_open")));
    }
    if (r.counter("latency_negative") > 0) {
      row(b, "latency below zero", r.counter("latency_negative") + " (clocks out of step)");
    }
    b.append(
        String.format(
            Locale.ROOT,
            "%n  %-22s %9s %9s %9s %9s %9s %9s%n",
            "",
            "count",
            "p50",
            "p90",
            "p99",
            "p99.9",
            "max"));
    for (Metric m : Metric.values()) {
      Histogram h = r.histogram(m);
      if (h.getTotalCount() == 0) {
        b.append(String.format(Locale.ROOT, "  %-22s %9d%n", m.label(), 0));
        continue;
      }
      b.append(
          String.format(
              Locale.ROOT,
              "  %-22s %9d %9s %9s %9s %9s %9s%n",
              m.label(),
              h.getTotalCount(),
              micros(h.getValueAtPercentile(50)),
              micros(h.getValueAtPercentile(90)),
              micros(h.getValueAtPercentile(99)),
              micros(h.getValueAtPercentile(99.9)),
              micros(h.getMaxValue())));
    }
    b.append("\n  ended\n");
    for (Map.Entry<String, Long> e : r.ends.entrySet()) {
      if (e.getValue() > 0) {
        b.append(String.format(Locale.ROOT, "    %-20s %9d%n", e.getKey(), e.getValue()));
      }
    }
    if (!r.statuses.isEmpty()) {
      b.append("  HTTP status\n");
      r.statuses.forEach((s, n) -> b.append(String.format(Locale.ROOT, "    %-20s %9d%n", s, n)));
    }
    b.append("\n  findings");
    if (r.findings.isEmpty()) {
      b.append(": none\n");
    } else {
      b.append('\n');
      for (Finding f : r.findings.values()) {
        b.append("    ")
            .append(f.severity())
            .append(' ')
            .append(f.kind())
            .append('/')
            .append(f.rule())
            .append(" on ")
            .append(f.connections())
            .append(" connection(s), e.g. ")
            .append(f.example())
            .append("\n      ")
            .append(f.advice())
            .append('\n');
      }
    }
    if (thresholdsSet) {
      b.append("\n  thresholds: ")
          .append(thresholdFailures.isEmpty() ? "pass" : "FAIL")
          .append('\n');
      for (String f : thresholdFailures) {
        b.append("    ").append(f).append('\n');
      }
    }
    return b.toString();
  }

  private static void row(StringBuilder b, String label, String value) {
    b.append(String.format(Locale.ROOT, "  %-22s %s%n", label, value));
  }

  /** A duration in microseconds, in the unit that reads best. */
  static String micros(long us) {
    if (us < 1000) {
      return us + "µs";
    }
    if (us < 1_000_000) {
      return String.format(Locale.ROOT, "%.1fms", us / 1000.0);
    }
    if (us < 600_000_000L) {
      return String.format(Locale.ROOT, "%.2fs", us / 1e6);
    }
    return String.format(Locale.ROOT, "%.1fm", us / 6e7);
  }

  static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.2f%%", fraction * 100);
  }
}
