package dev.ssewatch.core.sse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The 8-bytes-at-a-time scans find exactly the first CR or LF, or a NUL, never a look-alike. */
class LineEndScanTest {

  // Bytes one bit or one borrow away from CR and LF, and the other C0 controls and high bytes.
  private static final byte[] NEAR_MISSES = {
    0x00,
    0x01,
    0x09,
    0x0B,
    0x0C,
    0x0E,
    0x1A,
    0x1D,
    0x2A,
    0x4A,
    0x4D,
    (byte) 0x8A,
    (byte) 0x8D,
    (byte) 0x80,
    (byte) 0xFF,
    (byte) 0xE2,
    (byte) 0xC2,
    'a',
    ' ',
    ':'
  };

  private static int naive(byte[] b, int i, int end) {
    while (i < end && b[i] != '\n' && b[i] != '\r') {
      i++;
    }
    return i;
  }

  @Test
  void findsLineEndAtEveryPositionAmongLookAlikes() {
    Random random = new Random(42);
    for (int len = 0; len <= 40; len++) {
      for (int at = -1; at < len; at++) {
        for (byte eol : new byte[] {'\n', '\r'}) {
          byte[] b = new byte[len];
          for (int k = 0; k < len; k++) {
            b[k] = NEAR_MISSES[random.nextInt(NEAR_MISSES.length)];
          }
          if (at >= 0) {
            b[at] = eol;
            // A second line end later on must not win over the first.
            if (at + 3 < len) {
              b[at + 3] = eol == '\n' ? (byte) '\r' : (byte) '\n';
            }
          }
          for (int from = 0; from <= len; from++) {
            assertThat(ByteScans.indexOfLineEnd(b, from, len))
                .as("len %d, line end at %d, from %d", len, at, from)
                .isEqualTo(naive(b, from, len));
          }
        }
      }
    }
  }

  @Test
  void findsNulAtEveryPositionAmongLookAlikes() {
    Random random = new Random(7);
    for (int len = 0; len <= 40; len++) {
      for (int at = -1; at < len; at++) {
        byte[] b = new byte[len];
        for (int k = 0; k < len; k++) {
          do {
            b[k] = NEAR_MISSES[random.nextInt(NEAR_MISSES.length)];
          } while (b[k] == 0);
        }
        if (at >= 0) {
          b[at] = 0;
        }
        for (int from = 0; from <= len; from++) {
          assertThat(ByteScans.containsNul(b, from, len))
              .as("len %d, NUL at %d, from %d", len, at, from)
              .isEqualTo(at >= from);
        }
      }
    }
  }

  @Test
  void stopsAtEndEvenWhenMoreBytesFollowInTheArray() {
    byte[] b = "abcdefghij\nxyz".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    assertThat(ByteScans.indexOfLineEnd(b, 0, 10)).isEqualTo(10);
    assertThat(ByteScans.indexOfLineEnd(b, 2, 9)).isEqualTo(9);
    assertThat(ByteScans.indexOfLineEnd(b, 0, 14)).isEqualTo(10);
  }
}
