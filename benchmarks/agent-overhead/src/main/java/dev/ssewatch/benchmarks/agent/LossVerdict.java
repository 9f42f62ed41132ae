package dev.ssewatch.benchmarks.agent;

import java.util.Locale;

/**
 * A throughput loss against its target, read from the interval of the median paired loss rather
 * than from the median alone: only an interval wholly on one side of the target says which side the
 * agent is on; one that straddles it says how much finer the measurement would have to be.
 */
enum LossVerdict {
  /** Too few launches for an interval at the asked confidence. */
  TOO_FEW_LAUNCHES,
  /** The whole interval at or below the target. */
  MET,
  /** The whole interval above the target. */
  MISSED,
  /** The interval contains the target. */
  NOT_RESOLVED;

  static LossVerdict of(MedianInterval loss, double target) {
    if (!loss.resolved()) {
      return TOO_FEW_LAUNCHES;
    }
    if (loss.high() <= target) {
      return MET;
    }
    if (loss.low() > target) {
      return MISSED;
    }
    return NOT_RESOLVED;
  }

  /** The verdict as printed: "met", "missed" or "not resolved: interval ±X %". */
  String text(MedianInterval loss) {
    return switch (this) {
      case TOO_FEW_LAUNCHES ->
          String.format(
              Locale.ROOT,
              "no verdict: %d pairs cover the median with %.1f %% at most",
              loss.n(),
              100 * loss.coverage());
      case MET -> "met";
      case MISSED -> "missed";
      case NOT_RESOLVED ->
          String.format(Locale.ROOT, "not resolved: interval ±%.1f %%", loss.halfWidth());
    };
  }
}
