package dev.ssewatch.core.telemetry;

import java.util.Arrays;
import java.util.List;

/**
 * The gaps between an LLM token stream's output chunks after the first, each measured from the
 * arrival of the previous output chunk to the arrival of the current one, as a histogram over
 * {@link #UPPER_BOUNDS_NANOS}: per bucket the number of gaps and their exact sum, and the smallest
 * and largest gap. Immutable; a copy of the stream's own histogram taken when the record is made.
 *
 * <p>The bounds are those the OpenTelemetry GenAI conventions advise for {@code
 * gen_ai.client.operation.time_per_output_chunk}, so an exporter using them gets exact bucket
 * counts from a fixed amount of memory per stream, whatever its length. Bucket {@code i} holds the
 * gaps {@code g} with {@code bound(i - 1) < g <= bound(i)}; the last bucket has no upper bound.
 */
public final class ChunkGaps {

  /** Upper bounds of the buckets but the last, in nanoseconds: 10 ms to 240 s. */
  public static final List<Long> UPPER_BOUNDS_NANOS =
      List.of(
          10_000_000L,
          20_000_000L,
          40_000_000L,
          60_000_000L,
          80_000_000L,
          100_000_000L,
          250_000_000L,
          500_000_000L,
          750_000_000L,
          1_000_000_000L,
          2_500_000_000L,
          5_000_000_000L,
          7_500_000_000L,
          10_000_000_000L,
          30_000_000_000L,
          60_000_000_000L,
          120_000_000_000L,
          240_000_000_000L);

  /** Buckets, the one past the last bound included. */
  public static final int BUCKETS = UPPER_BOUNDS_NANOS.size() + 1;

  // A primitive copy: bucketOf runs for every output chunk and must not unbox.
  private static final long[] BOUNDS =
      UPPER_BOUNDS_NANOS.stream().mapToLong(Long::longValue).toArray();

  private final long[] counts;
  private final long[] sumsNanos;
  private final long minNanos;
  private final long maxNanos;

  private ChunkGaps(long[] counts, long[] sumsNanos, long minNanos, long maxNanos) {
    this.counts = counts;
    this.sumsNanos = sumsNanos;
    this.minNanos = minNanos;
    this.maxNanos = maxNanos;
  }

  /**
   * A snapshot of a histogram's state; the arrays are copied.
   *
   * @throws IllegalArgumentException when an array is not {@link #BUCKETS} long, or no gap is
   *     counted
   */
  public static ChunkGaps copyOf(long[] counts, long[] sumsNanos, long minNanos, long maxNanos) {
    if (counts.length != BUCKETS || sumsNanos.length != BUCKETS) {
      throw new IllegalArgumentException("a chunk gap histogram has " + BUCKETS + " buckets");
    }
    if (Arrays.stream(counts).sum() <= 0 || minNanos < 0 || maxNanos < minNanos) {
      throw new IllegalArgumentException("a chunk gap histogram counts at least one gap");
    }
    return new ChunkGaps(counts.clone(), sumsNanos.clone(), minNanos, maxNanos);
  }

  /** The bucket of a gap: the first whose upper bound is at least the gap. */
  public static int bucketOf(long gapNanos) {
    // Linear: token streams' gaps fall in the first few buckets, and there are only 18 bounds.
    for (int i = 0; i < BOUNDS.length; i++) {
      if (gapNanos <= BOUNDS[i]) {
        return i;
      }
    }
    return BOUNDS.length;
  }

  /** Gaps in bucket {@code i}. */
  public long count(int i) {
    return counts[i];
  }

  /** Exact sum of the gaps in bucket {@code i}, nanoseconds. */
  public long sumNanos(int i) {
    return sumsNanos[i];
  }

  /** The smallest gap. */
  public long minNanos() {
    return minNanos;
  }

  /** The largest gap. */
  public long maxNanos() {
    return maxNanos;
  }

  /** All gaps: the output chunks after the first. */
  public long totalCount() {
    return Arrays.stream(counts).sum();
  }

  /** Exact sum of all gaps: the first output chunk to the last. */
  public long totalSumNanos() {
    return Arrays.stream(sumsNanos).sum();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChunkGaps g
        && minNanos == g.minNanos
        && maxNanos == g.maxNanos
        && Arrays.equals(counts, g.counts)
        && Arrays.equals(sumsNanos, g.sumsNanos);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(counts) + Arrays.hashCode(sumsNanos);
  }

  @Override
  public String toString() {
    return "ChunkGaps" + Arrays.toString(counts) + " sum " + totalSumNanos() + " ns";
  }
}
