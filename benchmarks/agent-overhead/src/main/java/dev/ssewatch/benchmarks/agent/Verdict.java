package dev.ssewatch.benchmarks.agent;

/**
 * What an agent side's paired differences from the side without the agent say, against this
 * machine's noise. The best-of table cannot say: its figures of the two sides may come from
 * different rounds, and the sign of one difference tells nothing when identical runs differ by more
 * than the difference.
 */
enum Verdict {
  /** Fewer than {@link #MIN_ROUNDS} rounds: neither a range nor a spread to judge by. */
  TOO_FEW_ROUNDS,
  /** The paired differences changed sign between rounds: no direction to report. */
  WITHIN_THE_SPREAD,
  /** Larger in every round, the median by more than the side without the agent moved. */
  MORE,
  /**
   * Larger in every round, but the median no larger than the side without the agent moved: a
   * direction, not a size to quote.
   */
  MORE_WITHIN_NOISE,
  /** Smaller in every round, the median by more than the side without the agent moved. */
  LESS,
  /** Smaller in every round, the median no larger than the side without the agent moved. */
  LESS_WITHIN_NOISE;

  /** Two rounds give a range but no idea of how far a third would fall. */
  static final int MIN_ROUNDS = 3;

  /**
   * Within the spread when the paired differences' range contains 0 (the sign changed between
   * rounds). A difference of one sign in every round is more or less; whether its median also
   * exceeds {@code noise}, the range of the side without the agent in the same unit (how far
   * identical runs moved), says whether its size stands out too. One sign in every round is
   * evidence by itself: the pairing takes out what moved both sides of a round alike, and an
   * earlier rule that also called a consistent 25–53 % loss "within the spread", because one
   * disturbed round had widened the side without the agent to 45 %, read as no loss at all.
   */
  static Verdict of(Spread differences, double noise) {
    if (differences.rounds() < MIN_ROUNDS) {
      return TOO_FEW_ROUNDS;
    }
    if (differences.contains(0)) {
      return WITHIN_THE_SPREAD;
    }
    boolean beyondNoise = Math.abs(differences.median()) > noise;
    if (differences.median() > 0) {
      return beyondNoise ? MORE : MORE_WITHIN_NOISE;
    }
    return beyondNoise ? LESS : LESS_WITHIN_NOISE;
  }

  /** The verdict in a table cell, with {@code more} and {@code less} naming the figure's way. */
  String text(String more, String less) {
    return switch (this) {
      case TOO_FEW_ROUNDS -> "fewer than " + MIN_ROUNDS + " rounds: no verdict";
      case WITHIN_THE_SPREAD -> "within the spread";
      case MORE -> more + " in every round, beyond the spread";
      case MORE_WITHIN_NOISE -> more + " in every round, median within the spread";
      case LESS -> less + " in every round, beyond the spread";
      case LESS_WITHIN_NOISE -> less + " in every round, median within the spread";
    };
  }
}
