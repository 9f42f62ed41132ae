package dev.ssewatch.proxy.backend;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelConfig;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.util.UncheckedBooleanSupplier;

/**
 * Sizes each read's buffer the way Netty's {@link io.netty.channel.AdaptiveRecvByteBufAllocator}
 * does (from 2 KiB, up four steps of its size table when a read fills the buffer, down one after
 * two reads that fill less than the step below, between 64 B and 64 KiB; one read per wake-up, as
 * the proxy's shared adaptive allocator had), with one object per channel where Netty's handle is
 * three, kept for the connection's life (what that saves an idle stream: see "Memory per open
 * stream" in docs/architecture.md).
 */
final class ReceiveSizes implements RecvByteBufAllocator {

  static final int MINIMUM = 64;
  static final int INITIAL = 2048;
  static final int MAXIMUM = 65536;

  /**
   * Reads per wake-up before other channels get their turn. One, as the shared adaptive allocator
   * this replaces had: set as a channel option, it kept its own default rather than the 16 Netty
   * gives a byte stream's own allocator. A full read ramps the size up for the next wake-up.
   */
  static final int MAX_READS = 1;

  private static final int INDEX_INCREMENT = 4;
  private static final int INDEX_DECREMENT = 1;

  /** 16 to 496 in steps of 16, then the powers of two from 512: Netty's adaptive size table. */
  private static final int[] SIZES = sizes();

  private static final int MIN_INDEX = indexOf(MINIMUM);
  private static final int INITIAL_INDEX = indexOf(INITIAL);
  private static final int MAX_INDEX = indexOf(MAXIMUM);

  @Override
  public ReadState newHandle() {
    return new ReadState();
  }

  private static int[] sizes() {
    int[] t = new int[31 + 22];
    int n = 0;
    for (int s = 16; s < 512; s += 16) {
      t[n++] = s;
    }
    for (int s = 512; s > 0; s <<= 1) {
      t[n++] = s;
    }
    return java.util.Arrays.copyOf(t, n);
  }

  /** The index of {@code size} itself; only called with sizes that are in the table. */
  static int indexOf(int size) {
    for (int i = 0; i < SIZES.length; i++) {
      if (SIZES[i] == size) {
        return i;
      }
    }
    throw new IllegalArgumentException("not a table size: " + size);
  }

  /**
   * The read state of one channel. It is its own "maybe more data" test, so that it needs no
   * callback object of its own.
   */
  static final class ReadState
      implements RecvByteBufAllocator.ExtendedHandle, UncheckedBooleanSupplier {

    private ChannelConfig config;
    private int totalMessages;
    private int totalBytesRead;
    private int attemptedBytesRead;
    private int lastBytesRead;
    private int nextSize = SIZES[INITIAL_INDEX];
    private byte index = (byte) INITIAL_INDEX;
    private boolean decreaseNow;

    @Override
    public ByteBuf allocate(ByteBufAllocator alloc) {
      return alloc.ioBuffer(nextSize);
    }

    @Override
    public int guess() {
      return nextSize;
    }

    @Override
    public void reset(ChannelConfig config) {
      this.config = config;
      totalMessages = 0;
      totalBytesRead = 0;
    }

    @Override
    public void incMessagesRead(int numMessages) {
      totalMessages += numMessages;
    }

    @Override
    public void lastBytesRead(int bytes) {
      // A read that filled the buffer ramps the size up at once, before the next read of this
      // wake-up, rather than only at its end.
      if (bytes == attemptedBytesRead) {
        record(bytes);
      }
      lastBytesRead = bytes;
      if (bytes > 0) {
        totalBytesRead += bytes;
      }
    }

    @Override
    public int lastBytesRead() {
      return lastBytesRead;
    }

    @Override
    public void attemptedBytesRead(int bytes) {
      attemptedBytesRead = bytes;
    }

    @Override
    public int attemptedBytesRead() {
      return attemptedBytesRead;
    }

    @Override
    public boolean continueReading() {
      return continueReading(this);
    }

    @Override
    public boolean continueReading(UncheckedBooleanSupplier maybeMoreDataSupplier) {
      return config.isAutoRead()
          && maybeMoreDataSupplier.get()
          && totalMessages < MAX_READS
          && totalBytesRead > 0;
    }

    /** Whether the last read filled its buffer, so that more may be waiting. */
    @Override
    public boolean get() {
      return attemptedBytesRead == lastBytesRead;
    }

    @Override
    public void readComplete() {
      record(totalBytesRead < 0 ? Integer.MAX_VALUE : totalBytesRead);
    }

    private void record(int actual) {
      if (actual <= SIZES[Math.max(0, index - INDEX_DECREMENT)]) {
        if (decreaseNow) {
          index = (byte) Math.max(index - INDEX_DECREMENT, MIN_INDEX);
          nextSize = SIZES[index];
          decreaseNow = false;
        } else {
          decreaseNow = true;
        }
      } else if (actual >= nextSize) {
        index = (byte) Math.min(index + INDEX_INCREMENT, MAX_INDEX);
        nextSize = SIZES[index];
        decreaseNow = false;
      }
    }
  }
}
