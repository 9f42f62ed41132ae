package dev.ssewatch.agent.runtime;

import java.util.Arrays;

/**
 * The bytes of an event stream written before its response committed, with the time of each write,
 * held until the headers that went on the wire are known: the recorder needs the headers before the
 * body. Usually one event (applications flush each); at most {@link #MAX_BYTES}, after which the
 * stream is recorded with the headers set so far. Nothing is kept once handed to the recorder.
 */
final class HeldBytes {

  /** Most bytes held before a commit; a container's response buffer is 8 to 32 KiB by default. */
  static final int MAX_BYTES = 64 * 1024;

  /** Most writes whose times are told apart; later ones share the last write's time. */
  static final int MAX_WRITES = 64;

  private byte[] buf = new byte[512];
  private int len;
  private final int[] ends = new int[MAX_WRITES];
  private final long[] nanos = new long[MAX_WRITES];
  private int writes;

  /** Whether {@code count} more bytes fit. */
  /** How many bytes are held. */
  int size() {
    return len;
  }

  boolean fits(int count) {
    return count <= MAX_BYTES - len;
  }

  void add(byte[] b, int off, int count, long now) {
    if (count <= 0) {
      return;
    }
    if (len + count > buf.length) {
      byte[] grown = new byte[Math.min(MAX_BYTES, Math.max(buf.length * 2, len + count))];
      System.arraycopy(buf, 0, grown, 0, len);
      buf = grown;
    }
    System.arraycopy(b, off, buf, len, count);
    len += count;
    if (writes < MAX_WRITES) {
      writes++;
    }
    ends[writes - 1] = len;
    nanos[writes - 1] = now;
  }

  /** Hands every held write to {@code recorder}, at the time it was made, and forgets them. */
  void replay(Utf8Feed.Sink recorder) {
    int from = 0;
    for (int i = 0; i < writes; i++) {
      recorder.onBytes(buf, from, ends[i] - from, nanos[i]);
      from = ends[i];
    }
    // Written event data does not linger in the agent's memory.
    Arrays.fill(buf, 0, len, (byte) 0);
    len = 0;
    writes = 0;
  }
}
