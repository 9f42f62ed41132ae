package dev.ssewatch.benchmarks.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MedianIntervalTest {

  @ParameterizedTest(name = "n={0}, k={1}: {2}")
  @CsvSource({
    // 1 - 2 P(B <= k - 1), B binomial(n, 1/2)
    "5, 1, 0.9375",
    "6, 1, 0.96875",
    "9, 2, 0.9609375",
    "9, 3, 0.8203125",
    "10, 2, 0.978515625",
    "10, 3, 0.890625",
    "12, 3, 0.9614257812",
  })
  void coversTheMedianAsTheBinomialSays(int n, int k, double coverage) {
    assertThat(MedianInterval.coverage(n, k)).isCloseTo(coverage, within(1e-9));
  }

  @Test
  void tenPairsGiveTheSecondSmallestToTheSecondLargest() {
    double[] losses = {5.0, -1.0, 2.0, 0.5, 1.5, 3.5, -0.5, 1.0, 2.5, 0.0};

    MedianInterval m = MedianInterval.of(losses, 0.95);

    assertThat(m.n()).isEqualTo(10);
    assertThat(m.median()).isEqualTo(1.25);
    assertThat(m.rank()).isEqualTo(2);
    assertThat(m.low()).isEqualTo(-0.5);
    assertThat(m.high()).isEqualTo(3.5);
    assertThat(m.coverage()).isCloseTo(0.978515625, within(1e-9));
    assertThat(m.halfWidth()).isEqualTo(2.0);
  }

  @Test
  void nineAndTwelvePairsTakeTheNarrowestIntervalThatStillCoversEnough() {
    MedianInterval nine = MedianInterval.of(new double[] {9, 1, 8, 2, 7, 3, 6, 4, 5}, 0.95);
    MedianInterval twelve =
        MedianInterval.of(new double[] {12, 1, 11, 2, 10, 3, 9, 4, 8, 5, 7, 6}, 0.95);

    assertThat(nine.median()).isEqualTo(5);
    assertThat(nine.low()).isEqualTo(2);
    assertThat(nine.high()).isEqualTo(8);
    assertThat(twelve.median()).isEqualTo(6.5);
    assertThat(twelve.low()).isEqualTo(3);
    assertThat(twelve.high()).isEqualTo(10);
  }

  @Test
  void oneWildLaunchDoesNotMoveTheInterval() {
    double[] quiet = {-0.8, -0.5, 0.0, 0.2, 0.4, 0.9, 1.1, 2.9, 2.0, -0.1};
    double[] wild = quiet.clone();
    // The smallest and the largest launch, far off: a disturbed launch either way.
    wild[0] = -40.0;
    wild[7] = 55.0;

    MedianInterval a = MedianInterval.of(quiet, 0.95);
    MedianInterval b = MedianInterval.of(wild, 0.95);

    assertThat(a.low()).isEqualTo(-0.5);
    assertThat(a.high()).isEqualTo(2.0);
    assertThat(b.low()).isEqualTo(a.low());
    assertThat(b.high()).isEqualTo(a.high());
    assertThat(b.median()).isEqualTo(a.median());
  }

  @Test
  void fivePairsAreTooFewForNinetyFivePercent() {
    MedianInterval m = MedianInterval.of(new double[] {1, 2, 3, 4, 5}, 0.95);

    assertThat(m.resolved()).isFalse();
    assertThat(m.median()).isEqualTo(3);
    assertThat(m.low()).isNaN();
    assertThat(m.high()).isNaN();
    assertThat(m.coverage()).isEqualTo(0.9375);
    // The same five at 90 %: the smallest to the largest.
    assertThat(MedianInterval.of(new double[] {1, 2, 3, 4, 5}, 0.90).low()).isEqualTo(1);
  }

  @Test
  void refusesNoValuesAndImpossibleConfidences() {
    assertThatThrownBy(() -> MedianInterval.of(new double[0], 0.95))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MedianInterval.of(new double[] {1}, 1.0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MedianInterval.of(new double[] {1}, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void printsTheIntervalWithTheRanksItComesFrom() {
    MedianInterval m =
        MedianInterval.of(new double[] {5.0, -1.0, 2.0, 0.5, 1.5, 3.5, -0.5, 1.0, 2.5, 0.0}, 0.95);

    assertThat(FullSpeed.interval(m, "%.1f"))
        .isEqualTo("-0.5 to 3.5 (ranks 2 and 9 of 10, coverage 97.9 %)");
    assertThat(FullSpeed.interval(MedianInterval.of(new double[] {1, 2, 3}, 0.95), "%.1f"))
        .isEqualTo("none: 3 pairs cover 75.0 % at most");
  }
}
