package dev.ssewatch.agent.instrumentation.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.agent.bootstrap.SseHooks;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ResourceLeakDetector;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The encoder advice run as it is inlined, on a real channel's context. */
class HttpEncodeAdviceTest {

  private static final byte[] EVENT = "id: 7\ndata: hello\n\n".getBytes(StandardCharsets.UTF_8);

  private final EmbeddedChannel channel = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
  private final ChannelHandlerContext ctx = channel.pipeline().firstContext();
  private final Seen seen = new Seen();

  @BeforeAll
  static void paranoid() {
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
  }

  @AfterEach
  void close() {
    SseHooks.CONTEXTS.remove(channel, seen);
    channel.finishAndReleaseAll();
  }

  @Test
  void aHeapBufferIsReadThroughItsBackingArrayFromItsReaderIndex() {
    SseHooks.CONTEXTS.put(channel, seen);
    ByteBuf buf = Unpooled.buffer(64);
    buf.writeBytes("skipped".getBytes(StandardCharsets.UTF_8)).writeBytes(EVENT);
    buf.readerIndex(7);
    HttpContent content = new DefaultHttpContent(buf);
    try {
      HttpEncodeAdvice.enter(ctx, content);

      assertThat(seen.arrays).isEqualTo(1);
      assertThat(seen.views).isZero();
      assertThat(seen.bytes.toByteArray()).isEqualTo(EVENT);
      assertThat(buf.readerIndex()).isEqualTo(7);
      assertThat(buf.readableBytes()).isEqualTo(EVENT.length);
    } finally {
      content.release();
    }
  }

  @Test
  void aDirectBufferIsReadInPlaceAndKeepsItsIndices() {
    SseHooks.CONTEXTS.put(channel, seen);
    ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(64);
    buf.writeByte('x').writeBytes(EVENT).readByte();
    try {
      HttpEncodeAdvice.enter(ctx, buf);
      HttpEncodeAdvice.enter(ctx, buf);

      assertThat(seen.views).isEqualTo(2);
      assertThat(seen.bytes.toByteArray()).isEqualTo(concat(EVENT, EVENT));
      assertThat(buf.readerIndex()).isEqualTo(1);
      assertThat(buf.readableBytes()).isEqualTo(EVENT.length);
    } finally {
      buf.release();
    }
  }

  @Test
  void aBufferOfSeveralPartsIsHandedOverAsItIs() {
    SseHooks.CONTEXTS.put(channel, seen);
    CompositeByteBuf buf = Unpooled.compositeBuffer();
    buf.addComponent(true, Unpooled.directBuffer().writeBytes(EVENT, 0, 5));
    buf.addComponent(true, Unpooled.directBuffer().writeBytes(EVENT, 5, EVENT.length - 5));
    try {
      HttpEncodeAdvice.enter(ctx, buf);

      assertThat(seen.views).isZero();
      assertThat(seen.handedOver).containsExactly(buf);
    } finally {
      buf.release();
    }
  }

  @Test
  void aResponseIsHandedOverAsItIsAndItsContentRead() {
    SseHooks.CONTEXTS.put(channel, seen);
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.wrappedBuffer(EVENT));
    try {
      HttpEncodeAdvice.enter(ctx, response);

      assertThat(seen.responses).containsExactly(response);
      assertThat(seen.bytes.toByteArray()).isEqualTo(EVENT);
      assertThat(seen.lastContents).isEqualTo(1);
    } finally {
      response.release();
    }
  }

  @Test
  void readingABodyBufferAllocatesNothingPerWrite() {
    seen.keepBytes = false;
    SseHooks.CONTEXTS.put(channel, seen);
    // Leak detection records a trace per buffer access: these two are left out of it, so that what
    // is measured is the advice's own allocation.
    ByteBuf direct = new UnpooledByteBufAllocator(true, true).directBuffer(64).writeBytes(EVENT);
    HttpContent heap = new DefaultHttpContent(Unpooled.wrappedBuffer(EVENT));
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    try {
      HttpEncodeAdvice.enter(ctx, direct); // the buffer's own NIO buffer is made once
      HttpEncodeAdvice.enter(ctx, heap);
      int writes = 10_000;
      long before = threads.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < writes; i++) {
        HttpEncodeAdvice.enter(ctx, direct);
        HttpEncodeAdvice.enter(ctx, heap);
      }
      long allocated = threads.getCurrentThreadAllocatedBytes() - before;

      assertThat(seen.count).isEqualTo(2L * (writes + 1) * EVENT.length);
      // A view object per write would be over 600 KB here.
      assertThat(allocated).isLessThan(64 * 1024);
    } finally {
      direct.release();
      heap.release();
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** A connection in the middle of an event stream that notes what it is handed. */
  private static final class Seen extends BodyContext {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    boolean keepBytes = true;
    long count;
    final List<Object> handedOver = new ArrayList<>();
    final List<Object> responses = new ArrayList<>();
    int arrays;
    int views;
    int lastContents;

    @Override
    public void onBuffer(Object buf) {
      handedOver.add(buf);
    }

    @Override
    public void onResponse(Object response) {
      responses.add(response);
    }

    @Override
    public void onLastContent() {
      lastContents++;
    }

    @Override
    public boolean wantsBytes() {
      return true;
    }

    @Override
    public void onBytes(byte[] b, int off, int len) {
      arrays++;
      count += len;
      if (keepBytes) {
        bytes.write(b, off, len);
      }
    }

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
