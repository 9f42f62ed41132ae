package dev.ssewatch.benchmarks.agent;

import java.util.Locale;

/**
 * An agent side's paired differences (an added cost: CPU per event, throughput loss) against a
 * target, by the same reading as {@link Verdict}: what held in every round is a finding, what holds
 * only for the median is a direction to measure again, on a quieter machine or with more rounds.
 */
enum TargetCheck {
  /** Fewer than {@link Verdict#MIN_ROUNDS} rounds. */
  TOO_FEW_ROUNDS,
  /** At or below the target in every round. */
  MET,
  /** The median at or below the target, some round above it. */
  MEDIAN_MET,
  /** The median above the target, some round at or below it. */
  MEDIAN_MISSED,
  /** Above the target in every round. */
  MISSED;

  static TargetCheck of(Spread differences, double target) {
    if (differences.rounds() < Verdict.MIN_ROUNDS) {
      return TOO_FEW_ROUNDS;
    }
    if (differences.max() <= target) {
      return MET;
    }
    if (differences.min() > target) {
      return MISSED;
    }
    return differences.median() <= target ? MEDIAN_MET : MEDIAN_MISSED;
  }

  /**
   * The check in a table cell; when the side without the agent moved by more than the target
   * ({@code noise}, same unit) a median alone says little, and the cell says so.
   */
  String text(double target, double noise) {
    String base =
        switch (this) {
          case TOO_FEW_ROUNDS -> "fewer than " + Verdict.MIN_ROUNDS + " rounds: no check";
          case MET -> "met in every round";
          case MEDIAN_MET -> "median within the target, not every round";
          case MEDIAN_MISSED -> "median above the target, not every round";
          case MISSED -> "missed in every round";
        };
    if ((this == MEDIAN_MET || this == MEDIAN_MISSED) && noise > target) {
      return base
          + String.format(
              Locale.ROOT, " (the run without the agent alone moved %.2f: not a finding)", noise);
    }
    return base;
  }
}
