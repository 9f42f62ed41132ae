package dev.ssewatch.core.time;

/**
 * The two clocks ssewatch reads. Gaps and delays use the monotonic clock; record timestamps use the
 * wall clock. Time logic takes a {@code TimeSource} so tests can drive it by hand.
 */
public interface TimeSource {

  /** Monotonic nanoseconds, as {@link System#nanoTime()}: only differences mean anything. */
  long nanoTime();

  /** Wall-clock milliseconds since the epoch, as {@link System#currentTimeMillis()}. */
  long epochMillis();

  /** The JVM's own clocks. */
  static TimeSource system() {
    return SystemTimeSource.INSTANCE;
  }
}
