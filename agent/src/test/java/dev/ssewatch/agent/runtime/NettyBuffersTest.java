package dev.ssewatch.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.core.testing.Allocations;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Netty buffers without a backing array, read by the agent without linking against Netty. */
class NettyBuffersTest {

  private static final byte[] EVENT = "id: 7\ndata: hello\n\n".getBytes(StandardCharsets.UTF_8);

  private final Seen seen = new Seen();

  @BeforeAll
  static void paranoid() {
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
  }

  @Test
  void aDirectBufferIsReadInPlaceFromItsReaderIndexAndKeepsItsIndices() {
    ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(64);
    buf.writeByte('x').writeBytes(EVENT).readByte();
    try {
      NettyBuffers.read(buf, seen);
      NettyBuffers.read(buf, seen);

      assertThat(seen.views).isEqualTo(2);
      assertThat(seen.bytes.toByteArray()).isEqualTo(concat(EVENT, EVENT));
      assertThat(buf.readerIndex()).isEqualTo(1);
      assertThat(buf.readableBytes()).isEqualTo(EVENT.length);
    } finally {
      buf.release();
    }
  }

  @Test
  void aBufferOfSeveralPartsIsReadPartByPart() {
    CompositeByteBuf buf = Unpooled.compositeBuffer();
    buf.addComponent(true, Unpooled.directBuffer().writeBytes(EVENT, 0, 5));
    buf.addComponent(true, Unpooled.directBuffer().writeBytes(EVENT, 5, EVENT.length - 5));
    try {
      NettyBuffers.read(buf, seen);

      assertThat(seen.views).isEqualTo(2);
      assertThat(seen.bytes.toByteArray()).isEqualTo(EVENT);
    } finally {
      buf.release();
    }
  }

  @Test
  void aBufferOfAClassThatIsNotPublicIsReadThroughByteBufsOwnMethods() {
    // Netty's FixedCompositeByteBuf, a package-private class.
    ByteBuf buf =
        Unpooled.wrappedUnmodifiableBuffer(
            Unpooled.directBuffer().writeBytes(EVENT, 0, 5),
            Unpooled.directBuffer().writeBytes(EVENT, 5, EVENT.length - 5));
    try {
      assertThat(java.lang.reflect.Modifier.isPublic(buf.getClass().getModifiers())).isFalse();

      NettyBuffers.read(buf, seen);

      assertThat(seen.bytes.toByteArray()).isEqualTo(EVENT);
    } finally {
      buf.release();
    }
  }

  @Test
  void whatIsNotANettyBufferOrIsEmptyIsNotRead() {
    ByteBuf empty = Unpooled.directBuffer(8);
    try {
      NettyBuffers.read("id: 1\n\n", seen);
      NettyBuffers.read(null, seen);
      NettyBuffers.read(empty, seen);

      assertThat(seen.views).isZero();
    } finally {
      empty.release();
    }
  }

  @Test
  void readingADirectBufferAllocatesNothingPerWrite() {
    seen.keepBytes = false;
    // Leak detection records a trace per buffer access: this one is left out of it, so that what
    // is measured is the reading's own allocation.
    ByteBuf direct = new UnpooledByteBufAllocator(true, true).directBuffer(64).writeBytes(EVENT);
    try {
      long perWrite = Allocations.perRound(() -> NettyBuffers.read(direct, seen));

      assertThat(seen.count).isEqualTo(2L * Allocations.ROUNDS * EVENT.length);
      assertThat(perWrite).isZero();
    } finally {
      direct.release();
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** Notes the views it is handed. */
  private static final class Seen extends BodyContext {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    boolean keepBytes = true;
    long count;
    int views;

    @Override
    public void onBytes(ByteBuffer buf) {
      views++;
      count += buf.remaining();
      if (keepBytes) {
        ByteBuffer copy = buf.duplicate();
        while (copy.hasRemaining()) {
          bytes.write(copy.get());
        }
      }
    }
  }
}
