package dev.ssewatch.benchmarks.proxyload;

import java.util.Arrays;

/** Latency samples in nanoseconds, recorded while {@link #recording} is on. */
final class LatencySamples {

  private long[] samples = new long[1 << 16];
  private int size;
  volatile boolean recording;

  synchronized void add(long nanos) {
    if (!recording) {
      return;
    }
    if (size == samples.length) {
      samples = Arrays.copyOf(samples, size * 2);
    }
    samples[size++] = nanos;
  }

  synchronized int size() {
    return size;
  }

  /** The {@code p}-th percentile (0..100) in nanoseconds. */
  synchronized long percentile(double p) {
    if (size == 0) {
      return -1;
    }
    long[] sorted = Arrays.copyOf(samples, size);
    Arrays.sort(sorted);
    int idx = (int) Math.min(size - 1, Math.ceil(p / 100.0 * size) - 1);
    return sorted[Math.max(0, idx)];
  }
}
