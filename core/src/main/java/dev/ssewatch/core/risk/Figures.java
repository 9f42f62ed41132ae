package dev.ssewatch.core.risk;

import java.util.Locale;

/** Renders measurements for evidence text; only called when an alert fires. */
final class Figures {

  private Figures() {}

  /** {@code 850ms}, {@code 12.3s}, {@code 4m 05s}: precise enough to compare with a budget. */
  static String duration(long nanos) {
    if (nanos < 0) {
      return "unknown";
    }
    long ms = nanos / 1_000_000L;
    if (ms < 1_000) {
      return ms + "ms";
    }
    if (ms < 60_000) {
      return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
    }
    long s = ms / 1000;
    return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
  }

  /** {@code 50%}; rounded down, so a silence just short of the budget never reads as 100%. */
  static String percent(double fraction) {
    return (long) Math.floor(fraction * 100 + 1e-9) + "%";
  }

  /** {@code budget 4m 00s (azure-lb)}. */
  static String budget(RiskSettings s) {
    return "budget " + duration(s.idleBudgetNanos()) + " (" + s.idleBudgetSource() + ")";
  }
}
