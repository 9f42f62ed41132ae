package dev.ssewatch.benchmarks.agent;

import java.util.Arrays;

/**
 * The median of paired per-launch figures and a distribution-free confidence interval for it: the
 * {@code k}-th smallest and {@code k}-th largest value, {@code k} the largest rank whose interval
 * still covers the true median with at least the asked confidence (the sign test's interval: the
 * count of values below the median is binomial with p = 1/2 whatever the distribution). No
 * resampling, so the same launches always give the same interval, and no assumption about how a
 * disturbed launch falls. {@code low} and {@code high} are {@code NaN} when even the smallest and
 * largest value cover less than asked (too few launches); {@code coverage} is then what they would
 * cover.
 */
record MedianInterval(int n, double median, double low, double high, int rank, double coverage) {

  static MedianInterval of(double[] values, double confidence) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence must be between 0 and 1: " + confidence);
    }
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    int m = n / 2;
    double median = n % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
    // Largest k first: the narrowest interval that still covers enough.
    for (int k = (n + 1) / 2; k >= 1; k--) {
      double coverage = coverage(n, k);
      if (coverage >= confidence) {
        return new MedianInterval(n, median, v[k - 1], v[n - k], k, coverage);
      }
    }
    return new MedianInterval(n, median, Double.NaN, Double.NaN, 0, coverage(n, 1));
  }

  /**
   * The chance that the {@code k}-th smallest and {@code k}-th largest of {@code n} values lie on
   * either side of the median: 1 − 2 P(B ≤ k − 1), B binomial(n, 1/2).
   */
  static double coverage(int n, int k) {
    double p = Math.pow(0.5, n);
    double below = 0;
    for (int i = 0; i < k; i++) {
      below += p;
      p = p * (n - i) / (i + 1);
    }
    return Math.max(0, 1 - 2 * below);
  }

  /** Whether there were launches enough for an interval. */
  boolean resolved() {
    return rank > 0;
  }

  /** Half the interval's width: the ± a figure can be quoted with. */
  double halfWidth() {
    return (high - low) / 2;
  }
}
