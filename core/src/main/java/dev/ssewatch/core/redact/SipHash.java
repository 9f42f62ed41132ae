package dev.ssewatch.core.redact;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * SipHash-2-4 (Aumasson and Bernstein, 2012) with its 64-bit output: a keyed hash built for short
 * inputs. Event ids are hashed on the application's write path for every event whose id changed: a
 * short id's hex String took 110 to 145 ns with SHA-256 through {@code MessageDigest}, and takes
 * about 50 ns with this, the String included.
 */
final class SipHash {

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private SipHash() {}

  /** SipHash-2-4 of {@code b[off, off + len)} under the key {@code k0, k1} (little-endian). */
  static long hash(long k0, long k1, byte[] b, int off, int len) {
    long v0 = k0 ^ 0x736f6d6570736575L;
    long v1 = k1 ^ 0x646f72616e646f6dL;
    long v2 = k0 ^ 0x6c7967656e657261L;
    long v3 = k1 ^ 0x7465646279746573L;
    int end = off + len;
    int whole = off + (len & ~7);
    // Every 8-byte word, then the last 0 to 7 bytes with the length's low byte on top.
    for (int i = off; i <= whole; i += 8) {
      long m;
      if (i < whole) {
        m = (long) LONGS.get(b, i);
      } else {
        m = (long) len << 56;
        for (int k = end - 1; k >= i; k--) {
          m |= (b[k] & 0xFFL) << ((k - i) << 3);
        }
      }
      v3 ^= m;
      for (int r = 0; r < 2; r++) {
        v0 += v1;
        v1 = Long.rotateLeft(v1, 13) ^ v0;
        v0 = Long.rotateLeft(v0, 32);
        v2 += v3;
        v3 = Long.rotateLeft(v3, 16) ^ v2;
        v0 += v3;
        v3 = Long.rotateLeft(v3, 21) ^ v0;
        v2 += v1;
        v1 = Long.rotateLeft(v1, 17) ^ v2;
        v2 = Long.rotateLeft(v2, 32);
      }
      v0 ^= m;
    }
    v2 ^= 0xff;
    // The same SipRound as above, written out again: a method could not hand back four words of
    // state without an object per call, and these stay in registers.
    for (int r = 0; r < 4; r++) {
      v0 += v1;
      v1 = Long.rotateLeft(v1, 13) ^ v0;
      v0 = Long.rotateLeft(v0, 32);
      v2 += v3;
      v3 = Long.rotateLeft(v3, 16) ^ v2;
      v0 += v3;
      v3 = Long.rotateLeft(v3, 21) ^ v0;
      v2 += v1;
      v1 = Long.rotateLeft(v1, 17) ^ v2;
      v2 = Long.rotateLeft(v2, 32);
    }
    return v0 ^ v1 ^ v2 ^ v3;
  }
}
