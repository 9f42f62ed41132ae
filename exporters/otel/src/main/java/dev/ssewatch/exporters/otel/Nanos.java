package dev.ssewatch.exporters.otel;

/** Core records durations in nanoseconds; span attributes carry milliseconds, metrics seconds. */
final class Nanos {

  private Nanos() {}

  static double millis(long nanos) {
    return nanos / 1_000_000.0;
  }

  static double seconds(long nanos) {
    return nanos / 1_000_000_000.0;
  }
}
