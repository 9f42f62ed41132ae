package dev.ssewatch.core.sse;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The parser's byte scans, 8 bytes per step (SWAR: SIMD within a register): finding a line's end
 * and a NUL in a value, which is where a stream's bytes are spent. Pure functions of the bytes;
 * {@code LineEndScanTest} checks them against byte-by-byte scans.
 */
final class ByteScans {

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private ByteScans() {}

  /** The 8 bytes at {@code b[i]} as a little-endian long; {@code i + 8 <= b.length}. */
  static long word(byte[] b, int i) {
    return (long) LONGS.get(b, i);
  }

  /**
   * Index of the first CR or LF in {@code b[i, end)}, or {@code end}. Values are most of the
   * stream, so this tests 8 bytes per step for any byte below 0x0E (CR and LF are 0x0D and 0x0A):
   * {@code (w - 0x0E..) & ~w & 0x80..} marks such bytes, and its lowest mark is always exact
   * (borrows only run upwards from a marked byte). A marked tab or other control byte is skipped.
   */
  static int indexOfLineEnd(byte[] b, int i, int end) {
    while (end - i >= 16) {
      long w0 = word(b, i);
      long w1 = word(b, i + 8);
      if ((belowCr(w0) | belowCr(w1)) != 0) {
        break; // somewhere in these 16 bytes: the loop below finds where
      }
      i += 16;
    }
    while (end - i >= 8) {
      long marks = belowCr(word(b, i));
      if (marks == 0) {
        i += 8;
        continue;
      }
      int k = i + (Long.numberOfTrailingZeros(marks) >>> 3);
      if (b[k] == '\n' || b[k] == '\r') {
        return k;
      }
      i = k + 1;
    }
    while (i < end && b[i] != '\n' && b[i] != '\r') {
      i++;
    }
    return i;
  }

  /** Marks (0x80) the bytes of {@code w} below 0x0E; exact for the lowest marked byte. */
  private static long belowCr(long w) {
    return (w - 0x0E0E_0E0E_0E0E_0E0EL) & ~w & 0x8080_8080_8080_8080L;
  }

  /** Whether {@code b[i, j)} contains a zero byte, 8 bytes per step as in the line end scan. */
  static boolean containsNul(byte[] b, int i, int j) {
    for (; j - i >= 8; i += 8) {
      long w = word(b, i);
      if (((w - 0x0101_0101_0101_0101L) & ~w & 0x8080_8080_8080_8080L) != 0) {
        return true;
      }
    }
    while (i < j) {
      if (b[i++] == 0) {
        return true;
      }
    }
    return false;
  }
}
