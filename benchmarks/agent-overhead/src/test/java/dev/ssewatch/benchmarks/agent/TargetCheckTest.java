package dev.ssewatch.benchmarks.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TargetCheckTest {

  @ParameterizedTest(name = "{0} against {1}: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        // every round at or below: met, the target itself included
        "0.1 0.2 0.3 | 0.3 | MET",
        "-0.5 0.0 0.2 | 0.3 | MET",
        // every round above: missed
        "0.4 0.9 1.6 | 0.3 | MISSED",
        // mixed rounds: only the median decides, and it is only a direction
        "0.1 0.2 0.9 | 0.3 | MEDIAN_MET",
        "0.1 0.6 0.9 | 0.3 | MEDIAN_MISSED",
        // a throughput loss in %, negative rounds are gains
        "-10.9 15.6 43.6 | 3 | MEDIAN_MISSED",
        "-2.0 1.0 2.5 | 3 | MET",
        // two rounds: no check
        "0.1 0.2 | 0.3 | TOO_FEW_ROUNDS",
      })
  void judgesThePairedRoundsAgainstTheTarget(String rounds, double target, TargetCheck expected) {
    assertThat(TargetCheck.of(Spread.of(values(rounds)), target)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} with noise {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "MET | 5.0 | met in every round",
        "MISSED | 5.0 | missed in every round",
        "MEDIAN_MET | 0.1 | median within the target, not every round",
        "MEDIAN_MET | 4.5 | median within the target, not every round (the run without the agent"
            + " alone moved 4.50: not a finding)",
        "MEDIAN_MISSED | 4.5 | median above the target, not every round (the run without the agent"
            + " alone moved 4.50: not a finding)",
      })
  void saysWhenTheNoiseIsLargerThanTheTarget(TargetCheck check, double noise, String text) {
    assertThat(check.text(1.0, noise)).isEqualTo(text);
  }

  private static double[] values(String rounds) {
    String[] parts = rounds.trim().split(" +");
    double[] out = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = Double.parseDouble(parts[i]);
    }
    return out;
  }
}
