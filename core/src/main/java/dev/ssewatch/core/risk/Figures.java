package dev.ssewatch.core.risk;

import dev.ssewatch.core.config.Durations;

/** Renders measurements for evidence text; only called when an alert fires. */
final class Figures {

  private Figures() {}

  /** {@code 850ms}, {@code 12.3s}, {@code 4m 05s}: precise enough to compare with a budget. */
  static String duration(long nanos) {
    return Durations.human(nanos, "unknown");
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
