package dev.ssewatch.agent.runtime;

import dev.ssewatch.core.time.TimeSource;

/**
 * The system clock, which the streams stamp bytes with, moved on by hand for the recorders'
 * periodic checks.
 */
final class AheadClock implements TimeSource {

  volatile long aheadNanos;

  @Override
  public long nanoTime() {
    return System.nanoTime() + aheadNanos;
  }

  @Override
  public long epochMillis() {
    return System.currentTimeMillis();
  }
}
