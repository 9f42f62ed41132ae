package dev.ssewatch.benchmarks.agent;

/**
 * Whether an agent side's paired differences from the side without the agent stand out from this
 * machine's noise. The best-of table cannot say: its figures of the two sides may come from
 * different rounds, and the sign of one difference tells nothing when identical runs differ by more
 * than the difference.
 */
enum Verdict {
  /** Fewer than {@link #MIN_ROUNDS} rounds: neither a range nor a spread to judge by. */
  TOO_FEW_ROUNDS,
  /** Not distinguishable from the noise: see {@link #of}. */
  WITHIN_THE_SPREAD,
  /** Larger than without the agent in every round, and by more than the noise. */
  MORE,
  /** Smaller than without the agent in every round, and by more than the noise. */
  LESS;

  /** Two rounds give a range but no idea of how far a third would fall. */
  static final int MIN_ROUNDS = 3;

  /**
   * Within the spread when the paired differences' range contains 0 (the sign changed between
   * rounds) or when their median is no larger, in absolute value, than {@code noise}, the range of
   * the side without the agent in the same unit (identical runs differ by that much). Only a
   * difference of one sign in every round and larger than the noise is called more or less.
   */
  static Verdict of(Spread differences, double noise) {
    if (differences.rounds() < MIN_ROUNDS) {
      return TOO_FEW_ROUNDS;
    }
    if (differences.contains(0) || Math.abs(differences.median()) <= noise) {
      return WITHIN_THE_SPREAD;
    }
    return differences.median() > 0 ? MORE : LESS;
  }

  /** The verdict in a table cell, with {@code more} and {@code less} naming the figure's way. */
  String text(String more, String less) {
    return switch (this) {
      case TOO_FEW_ROUNDS -> "fewer than " + MIN_ROUNDS + " rounds: no verdict";
      case WITHIN_THE_SPREAD -> "within the spread";
      case MORE -> more + " (outside the spread)";
      case LESS -> less + " (outside the spread)";
    };
  }
}
