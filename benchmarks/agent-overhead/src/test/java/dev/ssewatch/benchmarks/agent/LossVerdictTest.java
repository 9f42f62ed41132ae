package dev.ssewatch.benchmarks.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LossVerdictTest {

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // the whole interval (ranks 2 and 9 of 10) under the target, a wild launch or two aside
        "-9.0 -0.8 -0.5 0.0 0.2 0.4 0.9 1.1 2.9 12.0 | MET | met",
        // the interval's top on the target itself: met
        "-1.0 -0.5 0.0 0.5 1.0 1.5 2.0 2.5 3.0 5.0 | MET | met",
        // the whole interval above it
        "2.0 3.5 4.0 4.2 5.0 5.5 6.0 6.1 7.0 30.0 | MISSED | missed",
        // the interval's bottom on the target: it could be exactly 3, not resolved
        "1.0 3.0 4.0 4.2 5.0 5.5 6.0 6.1 7.0 9.0 | NOT_RESOLVED | not resolved: interval ±2.0 %",
        // the median under the target and the interval across it
        "5.0 -1.0 2.0 0.5 1.5 3.5 -0.5 1.0 2.5 0.0 | NOT_RESOLVED | not resolved: interval ±2.0 %",
        // a noisy sitting: the median says nothing
        "-40 -20 -10 -5 0 5 10 20 30 45 | NOT_RESOLVED | not resolved: interval ±25.0 %",
        // five pairs: no interval at 95 %, whatever the values
        "0.1 0.2 0.3 0.4 0.5 | TOO_FEW_LAUNCHES | no verdict: 5 pairs cover the median with 93.8 %"
            + " at most",
      })
  void readsTheIntervalAgainstTheTarget(String losses, LossVerdict verdict, String text) {
    MedianInterval loss = MedianInterval.of(values(losses), 0.95);

    assertThat(LossVerdict.of(loss, 3.0)).isEqualTo(verdict);
    assertThat(verdict.text(loss)).isEqualTo(text);
  }

  private static double[] values(String s) {
    String[] parts = s.trim().split(" +");
    double[] out = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = Double.parseDouble(parts[i]);
    }
    return out;
  }
}
