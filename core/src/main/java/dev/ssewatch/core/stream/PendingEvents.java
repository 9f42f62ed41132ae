package dev.ssewatch.core.stream;

/**
 * Events a wire-tracking recorder holds until their bytes reach the wire: a ring, so holding an
 * event costs no allocation. A separate object so that a recorder without held events keeps one
 * reference instead of the ring's arrays and indices; most open streams are idle, and give the ring
 * back after a quiet spell. Guarded by the recorder's lock.
 *
 * <p>Each slot's numbers sit side by side in one {@code long[]} and its two strings in one {@code
 * String[]}: holding and emitting an event touch two or three cache lines instead of one per field
 * (the application thread's caches are cold after every blocking write), and the ring costs two
 * array headers instead of eight. The capacity is a power of two so indices wrap with a mask rather
 * than a division per event.
 */
final class PendingEvents {

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
  int index(int k) {
    return (head + k) & (capacity() - 1);
  }

  /** Holds an event in slot {@code i}. */
  void set(
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
  void grow(int capacity) {
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

  /** Drops the oldest held event; its strings are let go at once. */
  void removeOldest() {
    strings[2 * head] = null;
    strings[2 * head + 1] = null;
    head = (head + 1) & (capacity() - 1);
    count--;
  }
}
