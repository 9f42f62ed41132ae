package dev.ssewatch.agent.installer;

import dev.ssewatch.core.stream.StreamRecorder;

/**
 * Encodes what an application writes through a {@code PrintWriter} to UTF-8 (the only encoding of
 * an event stream) in a small reused buffer, chunk by chunk, for the metadata parser; nothing is
 * kept once a chunk is fed. A high surrogate at the end of one write waits for the next.
 */
final class Utf8Feed {

  private final byte[] buf = new byte[256];
  private int len;
  private char highSurrogate;

  void feed(char[] chars, int off, int count, StreamRecorder recorder, long nanos) {
    for (int i = off, end = off + count; i < end; i++) {
      put(chars[i], recorder, nanos);
    }
    drain(recorder, nanos);
  }

  void feed(String s, int off, int count, StreamRecorder recorder, long nanos) {
    for (int i = off, end = off + count; i < end; i++) {
      put(s.charAt(i), recorder, nanos);
    }
    drain(recorder, nanos);
  }

  void feed(char c, StreamRecorder recorder, long nanos) {
    put(c, recorder, nanos);
    drain(recorder, nanos);
  }

  private void put(char c, StreamRecorder recorder, long nanos) {
    if (len > buf.length - 4) {
      drain(recorder, nanos);
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
        drain(recorder, nanos);
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

  private void drain(StreamRecorder recorder, long nanos) {
    if (len > 0) {
      recorder.onBytes(buf, 0, len, nanos);
      len = 0;
    }
  }
}
