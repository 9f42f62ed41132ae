package dev.ssewatch.proxy.frontend;

/**
 * Request targets as the recorder keeps them. Netty's decoder makes a new string of every request's
 * target, and the recorder keeps it for as long as the stream stays open; clients of an event
 * stream mostly ask for the same few targets, so a target equal to a recent one is replaced by that
 * one. A small table indexed by hash, written without locks by every event loop: a slot only ever
 * holds a complete, immutable string, and losing a race only means one more copy.
 */
final class SharedTargets {

  /** Slots in the table: a power of two. */
  static final int SLOTS = 64;

  /** Longer targets are kept as they come, so that the table stays a few kilobytes at most. */
  static final int MAX_LENGTH = 128;

  private static final String[] RECENT = new String[SLOTS];

  private SharedTargets() {}

  /** A recent string equal to {@code target}, else {@code target}, then remembered. */
  static String shared(String target) {
    if (target.length() > MAX_LENGTH) {
      return target;
    }
    int slot = target.hashCode() & (SLOTS - 1);
    String recent = RECENT[slot];
    if (target.equals(recent)) {
      return recent;
    }
    RECENT[slot] = target;
    return target;
  }
}
