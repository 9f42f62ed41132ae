package dev.ssewatch.load;

import dev.ssewatch.core.config.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * The pass/fail limits of a run for CI. Each is off unless given.
 *
 * @param maxTtfeP99 the highest acceptable 99th percentile time to first event, or {@code null}
 * @param maxErrorRate the highest acceptable share of failed connections (0..1), or -1
 * @param failOn alert kinds or rules whose presence fails the run
 */
record Thresholds(Duration maxTtfeP99, double maxErrorRate, Set<String> failOn) {

  /** What {@code --fail-on} accepts: core's alert kinds and rules (docs/alerts.md). */
  static final Set<String> NAMES =
      Set.of(
          "buffering",
          "idle_timeout_risk",
          "likely_idle_kill",
          "no_heartbeats",
          "content_length",
          "content_encoding",
          "cache_control",
          "x_accel_buffering",
          "content_type",
          "burst",
          "first_event_at_end",
          "gap_warning",
          "gap_critical");

  static Thresholds parse(String maxTtfeP99, String maxErrorRate, List<String> failOn) {
    Duration ttfe = maxTtfeP99 == null ? null : Durations.parse(maxTtfeP99);
    double rate = maxErrorRate == null ? -1 : parseRate(maxErrorRate);
    Set<String> names = new LinkedHashSet<>();
    for (String item : failOn) {
      for (String n : item.split(",")) {
        String name = n.strip().toLowerCase(Locale.ROOT);
        if (name.isEmpty()) {
          continue;
        }
        if (!NAMES.contains(name)) {
          throw new IllegalArgumentException(
              "--fail-on: unknown kind or rule '" + name + "' (see docs/alerts.md)");
        }
        names.add(name);
      }
    }
    return new Thresholds(ttfe, rate, Set.copyOf(names));
  }

  /** {@code 0.1%} or a fraction such as {@code 0.001}. */
  static double parseRate(String text) {
    String t = text.strip();
    double v;
    try {
      v =
          t.endsWith("%")
              ? Double.parseDouble(t.substring(0, t.length() - 1).strip()) / 100
              : Double.parseDouble(t);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--max-error-rate expects a percentage such as 0.1%");
    }
    if (!(v >= 0 && v <= 1)) {
      throw new IllegalArgumentException("--max-error-rate must be between 0% and 100%");
    }
    return v;
  }

  /** The thresholds the result breaks, one line each; empty when it passes. */
  List<String> failures(LoadResult r) {
    List<String> out = new ArrayList<>();
    if (maxTtfeP99 != null) {
      Histogram h = r.histogram(Metric.TTFE);
      if (h.getTotalCount() == 0) {
        out.add("time to first event p99: no stream received an event (limit " + limit() + ")");
      } else {
        long p99 = h.getValueAtPercentile(99);
        if (p99 > maxTtfeP99.toNanos() / 1000) {
          out.add("time to first event p99 " + SummaryTable.micros(p99) + " is above " + limit());
        }
      }
    }
    if (maxErrorRate >= 0 && r.errorRate() > maxErrorRate) {
      out.add(
          "error rate "
              + SummaryTable.percent(r.errorRate())
              + " ("
              + r.counter("failed_connections")
              + " of "
              + r.counter("connections")
              + " connections) is above "
              + SummaryTable.percent(maxErrorRate));
    }
    for (Finding f : r.findings.values()) {
      if (failOn.contains(f.kind()) || failOn.contains(f.rule())) {
        out.add(
            f.kind()
                + "/"
                + f.rule()
                + " on "
                + f.connections()
                + " connection(s): "
                + f.example());
      }
    }
    return out;
  }

  private String limit() {
    return Durations.format(maxTtfeP99);
  }
}
