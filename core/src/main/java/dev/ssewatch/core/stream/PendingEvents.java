package dev.ssewatch.core.stream;

/**
 * Events a wire-tracking recorder holds until their bytes reach the wire: a ring of parallel
 * arrays, so holding an event costs no allocation. A separate object so that a recorder without
 * held events keeps one reference instead of eight arrays and the ring's indices; most open streams
 * are idle, and give the ring back after a quiet spell. Guarded by the recorder's lock.
 *
 * <p>The capacity is a power of two so indices wrap with a mask rather than a division per event.
 */
final class PendingEvents {

  long[] seq;
  String[] type;
  String[] id;
  long[] dataBytes;
  int[] dataLines;
  long[] gapEvent;
  long[] gapByte;
  long[] bytesNanos;

  /** Index of the oldest held event. */
  int head;

  /** Events held. */
  int count;

  PendingEvents(int capacity) {
    allocate(capacity);
  }

  int capacity() {
    return seq.length;
  }

  /** Index of the {@code k}th held event, oldest first. */
  int index(int k) {
    return (head + k) & (seq.length - 1);
  }

  /** Grows the ring to {@code capacity}, unrolling it so the oldest event sits at index 0. */
  void grow(int capacity) {
    long[] oldSeq = seq;
    String[] oldType = type;
    String[] oldId = id;
    long[] oldDataBytes = dataBytes;
    int[] oldDataLines = dataLines;
    long[] oldGapEvent = gapEvent;
    long[] oldGapByte = gapByte;
    long[] oldBytesNanos = bytesNanos;
    int mask = oldSeq.length - 1;
    allocate(capacity);
    for (int k = 0; k < count; k++) {
      int from = (head + k) & mask;
      seq[k] = oldSeq[from];
      type[k] = oldType[from];
      id[k] = oldId[from];
      dataBytes[k] = oldDataBytes[from];
      dataLines[k] = oldDataLines[from];
      gapEvent[k] = oldGapEvent[from];
      gapByte[k] = oldGapByte[from];
      bytesNanos[k] = oldBytesNanos[from];
    }
    head = 0;
  }

  /** Drops the oldest held event; its strings are let go at once. */
  void removeOldest() {
    type[head] = null;
    id[head] = null;
    head = (head + 1) & (seq.length - 1);
    count--;
  }

  private void allocate(int capacity) {
    seq = new long[capacity];
    type = new String[capacity];
    id = new String[capacity];
    dataBytes = new long[capacity];
    dataLines = new int[capacity];
    gapEvent = new long[capacity];
    gapByte = new long[capacity];
    bytesNanos = new long[capacity];
  }
}
