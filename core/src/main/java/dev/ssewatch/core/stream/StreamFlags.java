package dev.ssewatch.core.stream;

/**
 * The bits of a recorder's one {@code int} of flags: what the stream has shown so far and which
 * once-per-stream detectors have fired. One int rather than a boolean per fact (see "Memory per
 * open stream" in docs/architecture.md). Read and written under the recorder's lock.
 */
final class StreamFlags {

  /** The final response head was seen. */
  static final int HEADERS_SEEN = 1;

  /** The exchange ended; every later call is ignored. */
  static final int ENDED = 1 << 1;

  /** The response is {@code text/event-stream}: parsed, and asked about by the detectors. */
  static final int EVENT_STREAM = 1 << 2;

  /** The parser threw: no more parsing, and no event boundary is ever claimed again. */
  static final int PARSER_BROKEN = 1 << 3;

  static final int BURST_FIRED = 1 << 4;
  static final int WRITE_DELAY_FIRED = 1 << 5;
  static final int NO_HEARTBEATS_FIRED = 1 << 6;

  // The highest idle level fired (IdleGapDetector.LEVEL_*) takes the two bits from IDLE_SHIFT.
  private static final int IDLE_SHIFT = 8;
  private static final int IDLE_MASK = 3 << IDLE_SHIFT;

  private StreamFlags() {}

  /** The highest {@code IdleGapDetector} level fired so far. */
  static int idleLevel(int flags) {
    return (flags & IDLE_MASK) >>> IDLE_SHIFT;
  }

  /** {@code flags} with the idle level replaced by {@code level}. */
  static int withIdleLevel(int flags, int level) {
    return (flags & ~IDLE_MASK) | (level << IDLE_SHIFT);
  }
}
