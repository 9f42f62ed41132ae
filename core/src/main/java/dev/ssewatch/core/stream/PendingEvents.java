package dev.ssewatch.core.stream;

/**
 * Events a wire-tracking recorder holds until their bytes reach the wire, oldest first: a ring, so
 * holding an event costs no allocation, with each slot's numbers side by side in one {@code long[]}
 * and its two strings in one {@code String[]} (a struct-of-arrays ring; why, and what it costs an
 * open stream, is in "Memory per open stream" in docs/architecture.md). Holding an event touches
 * two or three cache lines instead of one per field, which matters on an application thread whose
 * caches are cold after every blocking write. The capacity is a power of two so indices wrap with a
 * mask rather than a division per event.
 *
 * <p>Made for a stream's first held event, grown by doubling up to {@link #MAX}, and given back by
 * a quiet stream ({@link QuietRelease}). Guarded by the recorder's lock.
 */
final class PendingEvents {

  /**
   * The ring's first capacity. Small because an active stream keeps it until a quiet second; a
   * proxied stream holds one read's events until that read's write completes, and bursts grow it by
   * doubling.
   */
  static final int INITIAL = 2;

  /**
   * Most events held for their wire write. A caller that stops reporting wire writes would
   * otherwise make the stream hold records without bound.
   */
  static final int MAX = 256;

  /** Where held events go out: the recorder, which makes their records. */
  interface Emitter {
    /**
     * Emits the event in slot {@code i} of {@code p}.
     *
     * @param writeToWire how long its bytes took to reach the wire, or -1 when unknown
     */
    void emitHeld(PendingEvents p, int i, long writeToWire);
  }

  // Offsets of a slot's fields in longs (slot i at i * LONGS) and strings (slot i at i * 2).
  private static final int SEQ = 0;
  private static final int DATA_BYTES = 1;
  private static final int DATA_LINES = 2;
  private static final int GAP_EVENT = 3;
  private static final int GAP_BYTE = 4;
  private static final int BYTES_NANOS = 5;
  private static final int LONGS = 6;

  private long[] longs;
  private String[] strings;

  /** Index of the oldest held event. */
  int head;

  /** Events held. */
  int count;

  PendingEvents(int capacity) {
    longs = new long[capacity * LONGS];
    strings = new String[capacity * 2];
  }

  int capacity() {
    return strings.length >>> 1;
  }

  /** Index of the {@code k}th held event, oldest first. */
  private int index(int k) {
    return (head + k) & (capacity() - 1);
  }

  /** Holds an event in slot {@code i}. */
  private void set(
      int i,
      long seq,
      String type,
      String id,
      long dataBytes,
      int dataLines,
      long gapEvent,
      long gapByte,
      long bytesNanos) {
    int l = i * LONGS;
    longs[l + SEQ] = seq;
    longs[l + DATA_BYTES] = dataBytes;
    longs[l + DATA_LINES] = dataLines;
    longs[l + GAP_EVENT] = gapEvent;
    longs[l + GAP_BYTE] = gapByte;
    longs[l + BYTES_NANOS] = bytesNanos;
    strings[2 * i] = type;
    strings[2 * i + 1] = id;
  }

  long seq(int i) {
    return longs[i * LONGS + SEQ];
  }

  String type(int i) {
    return strings[2 * i];
  }

  String id(int i) {
    return strings[2 * i + 1];
  }

  long dataBytes(int i) {
    return longs[i * LONGS + DATA_BYTES];
  }

  int dataLines(int i) {
    return (int) longs[i * LONGS + DATA_LINES];
  }

  long gapEvent(int i) {
    return longs[i * LONGS + GAP_EVENT];
  }

  long gapByte(int i) {
    return longs[i * LONGS + GAP_BYTE];
  }

  /** When the event's bytes were passed to the recorder. */
  long bytesNanos(int i) {
    return longs[i * LONGS + BYTES_NANOS];
  }

  /** Grows the ring to {@code capacity}, unrolling it so the oldest event sits at index 0. */
  private void grow(int capacity) {
    long[] oldLongs = longs;
    String[] oldStrings = strings;
    int mask = capacity() - 1;
    longs = new long[capacity * LONGS];
    strings = new String[capacity * 2];
    for (int k = 0; k < count; k++) {
      int from = (head + k) & mask;
      System.arraycopy(oldLongs, from * LONGS, longs, k * LONGS, LONGS);
      strings[2 * k] = oldStrings[2 * from];
      strings[2 * k + 1] = oldStrings[2 * from + 1];
    }
    head = 0;
  }

  /**
   * Holds an event; when the ring is full and may grow no more, the oldest goes out first, without
   * its wire time, so the order is kept.
   */
  void hold(
      long seq,
      String type,
      String id,
      long dataBytes,
      int dataLines,
      long gapEvent,
      long gapByte,
      long bytesNanos,
      Emitter out) {
    if (count == capacity()) {
      if (capacity() < MAX) {
        grow(capacity() * 2);
      } else {
        out.emitHeld(this, head, -1);
        removeOldest();
      }
    }
    set(index(count), seq, type, id, dataBytes, dataLines, gapEvent, gapByte, bytesNanos);
    count++;
  }

  /**
   * Emits held events, oldest first, whose bytes were passed at or before {@code olderThan}.
   *
   * @param wireNanos when they reached the wire, or -1 when unknown
   */
  void flush(long wireNanos, long olderThan, Emitter out) {
    while (count > 0 && bytesNanos(head) <= olderThan) {
      out.emitHeld(this, head, wireNanos < 0 ? -1 : Math.max(0, wireNanos - bytesNanos(head)));
      removeOldest();
    }
  }

  /** Drops the oldest held event; its strings are let go at once. */
  private void removeOldest() {
    strings[2 * head] = null;
    strings[2 * head + 1] = null;
    head = (head + 1) & (capacity() - 1);
    count--;
  }
}
