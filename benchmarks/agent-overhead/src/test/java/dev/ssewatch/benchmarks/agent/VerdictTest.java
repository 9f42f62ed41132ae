package dev.ssewatch.benchmarks.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VerdictTest {

  @Test
  void aNegativeLossWhoseRangeContainsZeroIsWithinTheSpread() {
    // The sign alone would call this a gain.
    Spread loss = Spread.of(new double[] {-4.0, -9.0, 3.0});

    assertThat(Verdict.of(loss, 1.0)).isEqualTo(Verdict.WITHIN_THE_SPREAD);
  }

  @Test
  void aLossInEveryRoundIsALossEvenWhenItsMedianIsWithinTheNoise() {
    // The case that was called "within the spread" while every round lost 25 to 53 %.
    Spread loss = Spread.of(new double[] {25.0, 42.6, 53.2});

    assertThat(Verdict.of(loss, 44.6)).isEqualTo(Verdict.MORE_WITHIN_NOISE);
    assertThat(Verdict.of(loss, 42.6)).isEqualTo(Verdict.MORE_WITHIN_NOISE);
    assertThat(Verdict.MORE_WITHIN_NOISE.text("loss", "gain"))
        .isEqualTo("loss in every round, median within the spread");
  }

  @Test
  void aGainInEveryRoundWithinTheNoiseIsAGainToo() {
    Spread loss = Spread.of(new double[] {-0.25, -0.75, -4.25});

    assertThat(Verdict.of(loss, 4.5)).isEqualTo(Verdict.LESS_WITHIN_NOISE);
    assertThat(Verdict.LESS_WITHIN_NOISE.text("more CPU", "less CPU"))
        .isEqualTo("less CPU in every round, median within the spread");
  }

  @Test
  void aLossOfOneSignLargerThanTheNoiseIsALoss() {
    Spread loss = Spread.of(new double[] {20.0, 23.3, 27.0});

    assertThat(Verdict.of(loss, 12.0)).isEqualTo(Verdict.MORE);
    assertThat(Verdict.MORE.text("loss", "gain"))
        .isEqualTo("loss in every round, beyond the spread");
  }

  @Test
  void aGainOfOneSignLargerThanTheNoiseIsAGain() {
    Spread loss = Spread.of(new double[] {-20.0, -15.0, -30.0});

    assertThat(Verdict.of(loss, 12.0)).isEqualTo(Verdict.LESS);
    assertThat(Verdict.LESS.text("loss", "gain"))
        .isEqualTo("gain in every round, beyond the spread");
  }

  @Test
  void fewerThanThreeRoundsGiveNoVerdict() {
    Spread loss = Spread.of(new double[] {20.0, 23.0});

    assertThat(Verdict.of(loss, 0.0)).isEqualTo(Verdict.TOO_FEW_ROUNDS);
    assertThat(Verdict.TOO_FEW_ROUNDS.text("loss", "gain")).contains("no verdict");
  }

  @Test
  void withinTheSpreadReadsSo() {
    assertThat(Verdict.WITHIN_THE_SPREAD.text("more CPU", "less CPU"))
        .isEqualTo("within the spread");
  }
}
