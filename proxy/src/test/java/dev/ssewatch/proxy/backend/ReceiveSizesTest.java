package dev.ssewatch.proxy.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelConfig;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The compact receive handle sizes and stops reads exactly as the allocator it replaces did. */
class ReceiveSizesTest {

  private final EmbeddedChannel channel = new EmbeddedChannel();

  @AfterEach
  void close() {
    channel.finishAndReleaseAll();
  }

  @Test
  void startsAt2KiBAndRampsUpWhenAReadFillsTheBuffer() {
    RecvByteBufAllocator.ExtendedHandle h = new ReceiveSizes().newHandle();
    h.reset(channel.config());
    assertThat(h.guess()).isEqualTo(2048);
    ByteBuf buf = h.allocate(UnpooledByteBufAllocator.DEFAULT);
    assertThat(buf.capacity()).isEqualTo(2048);
    buf.release();
    read(h, 2048, 2048);
    assertThat(h.guess()).isEqualTo(32768);
    read(h, 32768, 32768);
    assertThat(h.guess()).isEqualTo(65536);
    assertThat(h.continueReading()).as("one read per wake-up").isFalse();
    h.readComplete();
    assertThat(h.guess()).isEqualTo(65536);
  }

  @Test
  void shrinksAfterTwoSmallWakeUpsNotOne() {
    RecvByteBufAllocator.ExtendedHandle h = new ReceiveSizes().newHandle();
    for (int i = 0; i < 2; i++) {
      h.reset(channel.config());
      read(h, h.guess(), 100);
      h.readComplete();
      assertThat(h.guess()).isEqualTo(i == 0 ? 2048 : 1024);
    }
  }

  @Test
  void neverReadsOnWithAutoReadOffOrAfterAnEmptyRead() {
    ChannelConfig config = channel.config();
    RecvByteBufAllocator.ExtendedHandle h = new ReceiveSizes().newHandle();
    h.reset(config);
    h.attemptedBytesRead(2048);
    h.lastBytesRead(0);
    assertThat(h.continueReading()).isFalse();
    config.setAutoRead(false);
    h.reset(config);
    assertThat(h.continueReading(() -> true)).isFalse();
  }

  /** Random wake-ups through both handles: the same buffer sizes and the same read decisions. */
  @Test
  void decidesLikeTheSharedAdaptiveAllocator() {
    AdaptiveRecvByteBufAllocator adaptive = new AdaptiveRecvByteBufAllocator();
    // What the proxy's shared instance had: set as a channel option, it kept its own default.
    adaptive.maxMessagesPerRead(1);
    RecvByteBufAllocator.ExtendedHandle theirs =
        (RecvByteBufAllocator.ExtendedHandle) adaptive.newHandle();
    RecvByteBufAllocator.ExtendedHandle ours = new ReceiveSizes().newHandle();
    ChannelConfig config = channel.config();
    Random random = new Random(42);
    for (int wakeUp = 0; wakeUp < 20_000; wakeUp++) {
      config.setAutoRead(random.nextInt(10) > 0);
      theirs.reset(config);
      ours.reset(config);
      boolean more = true;
      for (int read = 0; more && read < 20; read++) {
        assertThat(ours.guess()).isEqualTo(theirs.guess());
        int attempted = theirs.guess();
        int got =
            switch (random.nextInt(4)) {
              case 0 -> attempted;
              case 1 -> 0;
              case 2 -> random.nextInt(100);
              default -> random.nextInt(attempted + 1);
            };
        read(theirs, attempted, got);
        read(ours, attempted, got);
        boolean maybeMore = random.nextBoolean();
        assertThat(ours.continueReading(() -> maybeMore))
            .isEqualTo(theirs.continueReading(() -> maybeMore));
        assertThat(ours.continueReading()).isEqualTo(theirs.continueReading());
        more = theirs.continueReading();
      }
      theirs.readComplete();
      ours.readComplete();
      assertThat(ours.guess()).isEqualTo(theirs.guess());
    }
  }

  private static void read(RecvByteBufAllocator.Handle h, int attempted, int got) {
    h.attemptedBytesRead(attempted);
    h.lastBytesRead(got);
    assertThat(h.attemptedBytesRead()).isEqualTo(attempted);
    assertThat(h.lastBytesRead()).isEqualTo(got);
    if (got > 0) {
      h.incMessagesRead(1);
    }
  }
}
