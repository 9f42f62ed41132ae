package dev.ssewatch.agent.runtime;

import java.nio.CharBuffer;

/**
 * Encodes what an application writes through a {@code PrintWriter} to UTF-8 (the only encoding of
 * an event stream) in a small reused buffer, chunk by chunk, for the metadata parser; nothing is
 * kept once a chunk is fed. A high surrogate at the end of one write waits for the next.
 */
final class Utf8Feed {

  /** Where the encoded bytes go. */
  interface Sink {
    void onBytes(byte[] b, int off, int len, long nanos);
  }

  private final byte[] buf = new byte[256];
  private int len;
  private char highSurrogate;

  void feed(char[] chars, int off, int count, Sink sink, long nanos) {
    for (int i = off, end = off + count; i < end; i++) {
      put(chars[i], sink, nanos);
    }
    drain(sink, nanos);
  }

  void feed(String s, int off, int count, Sink sink, long nanos) {
    for (int i = off, end = off + count; i < end; i++) {
      put(s.charAt(i), sink, nanos);
    }
    drain(sink, nanos);
  }

  /** The characters between the buffer's position and limit, read in place. */
  void feed(CharBuffer chars, Sink sink, long nanos) {
    for (int i = chars.position(), end = chars.limit(); i < end; i++) {
      put(chars.get(i), sink, nanos);
    }
    drain(sink, nanos);
  }

  void feed(char c, Sink sink, long nanos) {
    put(c, sink, nanos);
    drain(sink, nanos);
  }

  private void put(char c, Sink sink, long nanos) {
    if (len > buf.length - 4) {
      drain(sink, nanos);
    }
    if (highSurrogate != 0) {
      char high = highSurrogate;
      highSurrogate = 0;
      if (Character.isLowSurrogate(c)) {
        int cp = Character.toCodePoint(high, c);
        buf[len++] = (byte) (0xF0 | (cp >> 18));
        buf[len++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        buf[len++] = (byte) (0x80 | (cp & 0x3F));
        return;
      }
      buf[len++] = '?';
      if (len > buf.length - 4) {
        drain(sink, nanos);
      }
    }
    if (c < 0x80) {
      buf[len++] = (byte) c;
    } else if (c < 0x800) {
      buf[len++] = (byte) (0xC0 | (c >> 6));
      buf[len++] = (byte) (0x80 | (c & 0x3F));
    } else if (Character.isHighSurrogate(c)) {
      highSurrogate = c;
    } else if (Character.isLowSurrogate(c)) {
      buf[len++] = '?';
    } else {
      buf[len++] = (byte) (0xE0 | (c >> 12));
      buf[len++] = (byte) (0x80 | ((c >> 6) & 0x3F));
      buf[len++] = (byte) (0x80 | (c & 0x3F));
    }
  }

  private void drain(Sink sink, long nanos) {
    if (len > 0) {
      sink.onBytes(buf, 0, len, nanos);
      len = 0;
    }
  }
}
