package dev.ssewatch.benchmarks.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SpreadTest {

  @Test
  void medianOfAnOddNumberOfRoundsIsTheMiddleOne() {
    Spread s = Spread.of(new double[] {830, 420, 514});

    assertThat(s.rounds()).isEqualTo(3);
    assertThat(s.median()).isEqualTo(514);
    assertThat(s.min()).isEqualTo(420);
    assertThat(s.max()).isEqualTo(830);
  }

  @Test
  void medianOfAnEvenNumberOfRoundsIsTheMeanOfTheMiddleTwo() {
    assertThat(Spread.of(new double[] {4, 1, 3, 2}).median()).isEqualTo(2.5);
  }

  @Test
  void oneFarRoundDoesNotMoveTheMedian() {
    assertThat(Spread.of(new double[] {450, 445, 452, 10_000, 1}).median()).isEqualTo(450);
  }

  @Test
  void theValuesAreLeftInTheirOrder() {
    double[] rounds = {3, 1, 2};

    Spread.of(rounds);

    assertThat(rounds).containsExactly(3, 1, 2);
  }

  @Test
  void widthIsTheRangeAndItsShareOfTheMedian() {
    Spread s = Spread.of(new double[] {420, 445, 452, 514, 560, 830});

    assertThat(s.width()).isEqualTo(410);
    assertThat(s.widthPercentOfMedian()).isCloseTo(100 * 410 / 483.0, within(1e-9));
  }

  @Test
  void lossesArePairedByRound() {
    // The side without the agent varies by 2x between rounds; the agent costs 10 % in each.
    double[] base = {400, 800, 600};
    double[] side = {360, 720, 540};

    Spread loss = Spread.ofLosses(base, side);

    assertThat(loss.median()).isCloseTo(10, within(1e-9));
    assertThat(loss.min()).isCloseTo(10, within(1e-9));
    assertThat(loss.max()).isCloseTo(10, within(1e-9));
  }

  @Test
  void aGainIsANegativeLoss() {
    Spread loss = Spread.ofLosses(new double[] {100, 100, 100}, new double[] {104, 102, 95});

    assertThat(loss.median()).isCloseTo(-2, within(1e-9));
    assertThat(loss.min()).isCloseTo(-4, within(1e-9));
    assertThat(loss.max()).isCloseTo(5, within(1e-9));
  }

  @Test
  void differencesAreSideMinusBaseByRound() {
    Spread more = Spread.ofDifferences(new double[] {3.6, 5.0, 4.0}, new double[] {5.1, 6.0, 5.2});

    assertThat(more.median()).isCloseTo(1.2, within(1e-9));
    assertThat(more.min()).isCloseTo(1.0, within(1e-9));
    assertThat(more.max()).isCloseTo(1.5, within(1e-9));
  }

  @Test
  void containsItsEnds() {
    Spread s = Spread.of(new double[] {-1, 0.5, 2});

    assertThat(s.contains(-1)).isTrue();
    assertThat(s.contains(2)).isTrue();
    assertThat(s.contains(0)).isTrue();
    assertThat(s.contains(2.01)).isFalse();
  }

  @Test
  void roundsOfTwoSidesMustPair() {
    assertThatThrownBy(() -> Spread.ofLosses(new double[] {1, 2}, new double[] {1}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Spread.of(new double[0])).isInstanceOf(IllegalArgumentException.class);
  }
}
