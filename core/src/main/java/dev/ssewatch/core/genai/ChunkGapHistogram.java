package dev.ssewatch.core.genai;

import dev.ssewatch.core.telemetry.ChunkGaps;

/**
 * The running histogram of one stream's gaps between output chunks, over {@link ChunkGaps}'
 * buckets: fixed size whatever the stream's length, nothing allocated per chunk. Made at a stream's
 * second output chunk, so streams without model output never pay for it; called under the
 * recorder's lock only.
 */
final class ChunkGapHistogram {

  // Counts in [0, BUCKETS), exact sums in [BUCKETS, 2 * BUCKETS): one array per stream.
  private final long[] countsAndSums = new long[2 * ChunkGaps.BUCKETS];
  private long minNanos = Long.MAX_VALUE;
  private long maxNanos = Long.MIN_VALUE;

  void add(long gapNanos) {
    // The recorder's clock is monotonic, but a negative gap must not corrupt the bucket sums.
    long g = Math.max(0, gapNanos);
    int i = ChunkGaps.bucketOf(g);
    countsAndSums[i]++;
    countsAndSums[ChunkGaps.BUCKETS + i] += g;
    if (g < minNanos) {
      minNanos = g;
    }
    if (g > maxNanos) {
      maxNanos = g;
    }
  }

  /** An immutable copy, for a record that leaves the recorder's thread. */
  ChunkGaps snapshot() {
    long[] counts = new long[ChunkGaps.BUCKETS];
    long[] sums = new long[ChunkGaps.BUCKETS];
    System.arraycopy(countsAndSums, 0, counts, 0, ChunkGaps.BUCKETS);
    System.arraycopy(countsAndSums, ChunkGaps.BUCKETS, sums, 0, ChunkGaps.BUCKETS);
    return ChunkGaps.copyOf(counts, sums, minNanos, maxNanos);
  }
}
