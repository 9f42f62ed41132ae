package dev.ssewatch.core.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The chunk gap histogram's buckets: upper bounds inclusive, as OpenTelemetry's explicit ones. */
class ChunkGapsTest {

  @ParameterizedTest(name = "{0} ns -> bucket {1}")
  @CsvSource({
    // the first bucket holds everything up to 10 ms, zero included
    "0, 0",
    "10000000, 0",
    // one nanosecond past a bound is the next bucket
    "10000001, 1",
    "20000000, 1",
    "35000000, 2",
    "100000000, 5",
    "100000001, 6",
    "1000000000, 9",
    "240000000000, 17",
    // past the last bound: the open bucket
    "240000000001, 18",
    "9223372036854775807, 18",
  })
  void aGapFallsInTheFirstBucketWhoseBoundIsAtLeastIt(long gapNanos, int bucket) {
    assertThat(ChunkGaps.bucketOf(gapNanos)).isEqualTo(bucket);
  }

  @Test
  void theBoundsAreTheGenAiConventionsAdviceInSeconds() {
    assertThat(ChunkGaps.UPPER_BOUNDS_NANOS.stream().map(n -> n / 1e9))
        .containsExactly(
            0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 30.0,
            60.0, 120.0, 240.0);
    assertThat(ChunkGaps.BUCKETS).isEqualTo(19);
  }

  @Test
  void aSnapshotIsACopy() {
    long[] counts = new long[ChunkGaps.BUCKETS];
    long[] sums = new long[ChunkGaps.BUCKETS];
    counts[2] = 2;
    sums[2] = 70_000_000L;
    ChunkGaps g = ChunkGaps.copyOf(counts, sums, 30_000_000L, 40_000_000L);
    counts[2] = 99;
    sums[2] = 1;

    assertThat(g.count(2)).isEqualTo(2);
    assertThat(g.sumNanos(2)).isEqualTo(70_000_000L);
    assertThat(g.totalCount()).isEqualTo(2);
    assertThat(g.totalSumNanos()).isEqualTo(70_000_000L);
    assertThat(g.minNanos()).isEqualTo(30_000_000L);
    assertThat(g.maxNanos()).isEqualTo(40_000_000L);
  }

  @Test
  void aHistogramOfAnotherShapeOrWithoutGapsIsRefused() {
    long[] counts = new long[ChunkGaps.BUCKETS];
    long[] sums = new long[ChunkGaps.BUCKETS];
    assertThatThrownBy(() -> ChunkGaps.copyOf(new long[18], sums, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ChunkGaps.copyOf(counts, sums, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
