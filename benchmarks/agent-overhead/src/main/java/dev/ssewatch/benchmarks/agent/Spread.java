package dev.ssewatch.benchmarks.agent;

import java.util.Arrays;

/**
 * Median and range of one figure over the rounds. Medians rather than means: on a shared machine
 * one disturbed round is far off, and it should move the summary no more than any other round.
 */
record Spread(int rounds, double median, double min, double max) {

  static Spread of(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no rounds");
    }
    double[] v = values.clone();
    Arrays.sort(v);
    int m = v.length / 2;
    double median = v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
    return new Spread(v.length, median, v[0], v[v.length - 1]);
  }

  /**
   * Per round, how many percent fewer {@code side} had than {@code base} in the same round: the
   * pairing takes out whatever disturbed both runs of that round alike.
   */
  static Spread ofLosses(double[] base, double[] side) {
    double[] loss = new double[sameLength(base, side)];
    for (int r = 0; r < loss.length; r++) {
      loss[r] = 100 * (1 - side[r] / base[r]);
    }
    return of(loss);
  }

  /** Per round, {@code side} minus {@code base} in the same round. */
  static Spread ofDifferences(double[] base, double[] side) {
    double[] diff = new double[sameLength(base, side)];
    for (int r = 0; r < diff.length; r++) {
      diff[r] = side[r] - base[r];
    }
    return of(diff);
  }

  private static int sameLength(double[] base, double[] side) {
    if (base.length != side.length) {
      throw new IllegalArgumentException("rounds differ: " + base.length + " and " + side.length);
    }
    return base.length;
  }

  double width() {
    return max - min;
  }

  /** The range as a percentage of the median: how far apart identical runs of one side were. */
  double widthPercentOfMedian() {
    return 100 * width() / median;
  }

  boolean contains(double value) {
    return min <= value && value <= max;
  }
}
