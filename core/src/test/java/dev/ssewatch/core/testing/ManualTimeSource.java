package dev.ssewatch.core.testing;

import dev.ssewatch.core.time.TimeSource;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link TimeSource} that only moves when a test moves it. Both clocks advance together so that
 * record timestamps stay consistent with measured gaps. Thread-safe: a test may advance it while
 * the code under test reads it from another thread.
 */
public final class ManualTimeSource implements TimeSource {

  /** An arbitrary, non-zero monotonic origin, so code that treats 0 as "unset" gets caught. */
  public static final long DEFAULT_START_NANOS = 1_000_000_000_000L;

  /** 2026-01-01T00:00:00Z. */
  public static final long DEFAULT_START_EPOCH_MILLIS = 1_767_225_600_000L;

  private final AtomicLong nanos;
  private final AtomicLong epochMillis;

  public ManualTimeSource() {
    this(DEFAULT_START_NANOS, DEFAULT_START_EPOCH_MILLIS);
  }

  public ManualTimeSource(long startNanos, long startEpochMillis) {
    this.nanos = new AtomicLong(startNanos);
    this.epochMillis = new AtomicLong(startEpochMillis);
  }

  @Override
  public long nanoTime() {
    return nanos.get();
  }

  @Override
  public long epochMillis() {
    return epochMillis.get();
  }

  /**
   * Moves both clocks forward by {@code d}; returns the new {@link #nanoTime()}. The wall clock
   * moves by whole milliseconds of the total elapsed time, so many sub-millisecond steps still add
   * up.
   */
  public long advance(Duration d) {
    return advanceNanos(d.toNanos());
  }

  /** As {@link #advance(Duration)}, in nanoseconds; negative steps are refused. */
  public synchronized long advanceNanos(long deltaNanos) {
    if (deltaNanos < 0) {
      throw new IllegalArgumentException("time only moves forward: " + deltaNanos);
    }
    long before = nanos.get();
    long after = before + deltaNanos;
    // Wall time follows the monotonic clock in whole milliseconds of accumulated time.
    epochMillis.addAndGet(Math.floorDiv(after, 1_000_000L) - Math.floorDiv(before, 1_000_000L));
    nanos.set(after);
    return after;
  }

  /** As {@link #advance(Duration)}, in milliseconds. */
  public long advanceMillis(long millis) {
    return advanceNanos(millis * 1_000_000L);
  }

  /** Sets the monotonic clock; the wall clock is left alone. Moving backwards is refused. */
  public synchronized void setNanoTime(long value) {
    if (value < nanos.get()) {
      throw new IllegalArgumentException("monotonic time cannot go back");
    }
    nanos.set(value);
  }

  /** Sets the wall clock (it may jump in either direction, as real wall clocks do). */
  public void setEpochMillis(long value) {
    epochMillis.set(value);
  }
}
