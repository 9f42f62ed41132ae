package dev.ssewatch.core.sse;

import java.nio.charset.StandardCharsets;

/**
 * WHATWG "UTF-8 decode without BOM": every maximal subpart of an ill-formed sequence becomes one
 * U+FFFD. The JDK's decoder agrees on well-formed input and on most errors, but not on encoded
 * surrogates ({@code ED A0 80} is one U+FFFD to the JDK, three to WHATWG), so the JDK's fast path
 * is used only when its result shows no replacement at all.
 */
final class Utf8 {

  private Utf8() {}

  static String decode(byte[] b, int off, int len) {
    String fast = new String(b, off, len, StandardCharsets.UTF_8);
    // No U+FFFD means no decoding error, and on valid input both decoders agree.
    return fast.indexOf('\uFFFD') < 0 ? fast : decodeStrict(b, off, len);
  }

  /** The standard's decoder loop, written out with its variable names. */
  static String decodeStrict(byte[] b, int off, int len) {
    StringBuilder out = new StringBuilder(len);
    int codePoint = 0;
    int bytesNeeded = 0;
    int bytesSeen = 0;
    int lower = 0x80;
    int upper = 0xBF;
    int i = off;
    int end = off + len;
    while (i < end) {
      int x = b[i] & 0xFF;
      if (bytesNeeded == 0) {
        if (x <= 0x7F) {
          out.append((char) x);
        } else if (x >= 0xC2 && x <= 0xDF) {
          bytesNeeded = 1;
          codePoint = x & 0x1F;
        } else if (x >= 0xE0 && x <= 0xEF) {
          // E0 and ED narrow the next byte's range: no overlongs, no surrogates.
          lower = x == 0xE0 ? 0xA0 : 0x80;
          upper = x == 0xED ? 0x9F : 0xBF;
          bytesNeeded = 2;
          codePoint = x & 0x0F;
        } else if (x >= 0xF0 && x <= 0xF4) {
          // F0 and F4 narrow the next byte's range: no overlongs, nothing above U+10FFFF.
          lower = x == 0xF0 ? 0x90 : 0x80;
          upper = x == 0xF4 ? 0x8F : 0xBF;
          bytesNeeded = 3;
          codePoint = x & 0x07;
        } else {
          out.append('\uFFFD');
        }
        i++;
        continue;
      }
      if (x < lower || x > upper) {
        // The byte ends the ill-formed subpart and is decoded again on its own ("prepend").
        codePoint = 0;
        bytesNeeded = 0;
        bytesSeen = 0;
        lower = 0x80;
        upper = 0xBF;
        out.append('\uFFFD');
        continue;
      }
      lower = 0x80;
      upper = 0xBF;
      codePoint = (codePoint << 6) | (x & 0x3F);
      bytesSeen++;
      i++;
      if (bytesSeen == bytesNeeded) {
        out.appendCodePoint(codePoint);
        codePoint = 0;
        bytesNeeded = 0;
        bytesSeen = 0;
      }
    }
    if (bytesNeeded != 0) {
      // End of input inside a sequence: one U+FFFD for the incomplete subpart.
      out.append('\uFFFD');
    }
    return out.toString();
  }
}
