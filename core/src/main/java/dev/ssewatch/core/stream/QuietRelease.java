package dev.ssewatch.core.stream;

import dev.ssewatch.core.sse.SseParser;

/**
 * What a quiet stream gives back. Most open streams of a proxy sit idle, so a stream without bytes
 * for {@link #AFTER_NANOS} gives back, at the next tick, what only an active stream needs: its ring
 * of held events (when nothing is held), its parser (when at an event boundary, keeping the few
 * facts a new one goes on from) and the redacted form of its last event id. An active stream keeps
 * all of it, so this costs at most a few small allocations (and one id hash) per quiet spell; what
 * it saves is in "Memory per open stream" in docs/architecture.md. Run under the recorder's lock.
 */
final class QuietRelease {

  /** How long a stream must be without bytes before it gives anything back. */
  static final long AFTER_NANOS = 1_000_000_000L;

  private QuietRelease() {}

  /** Whether a stream whose last bytes came at {@code lastBytesNanos} is quiet at {@code now}. */
  static boolean due(long now, long lastBytesNanos) {
    return now - lastBytesNanos >= AFTER_NANOS;
  }

  /** The ring a quiet stream keeps: none when it holds nothing; the next held event makes one. */
  static PendingEvents ringToKeep(PendingEvents p) {
    return p != null && p.count == 0 ? null : p;
  }

  /**
   * The lasting facts of {@code parser} to keep in its place, or null to keep the parser itself
   * (there is none, or it is inside an event); the next bytes make a parser from them.
   */
  static SseParser.Suspended suspend(SseParser parser) {
    return parser == null ? null : parser.suspend();
  }
}
