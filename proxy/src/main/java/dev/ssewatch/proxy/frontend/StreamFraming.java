package dev.ssewatch.proxy.frontend;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * Frames an event stream's body on the client connection in place of its HTTP codec. Once the
 * request has been read and the response head written, the codec's request decoder (parser state,
 * scratch buffer) and response encoder are dead weight for as long as the stream stays open (see
 * "Memory per open stream" in docs/architecture.md); so the codec is taken out, the body's parts
 * are framed here (chunked, or as they are for a close-delimited HTTP/1.0 response), and anything
 * the client sends meanwhile comes on as raw bytes. {@link #restoreCodec} puts a fresh codec back
 * for the connection's next request.
 *
 * <p>Not a handler of its own: the connection's {@link FrontendHandler} frames its writes with
 * {@link #write} while a stream is relayed, since a handler in the pipeline of every open stream
 * would cost its context as well as itself.
 */
final class StreamFraming {

  private static final ByteBuf CRLF =
      Unpooled.unreleasableBuffer(
          Unpooled.directBuffer(2).writeBytes(new byte[] {'\r', '\n'}).asReadOnly());
  private static final ByteBuf LAST_CHUNK =
      Unpooled.unreleasableBuffer(
              Unpooled.directBuffer(5).writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)))
          .asReadOnly();

  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private StreamFraming() {}

  /** The codec every client connection starts with, and gets back after a stream. */
  static HttpServerCodec newCodec() {
    return new HttpServerCodec();
  }

  /**
   * Takes the client connection's codec out; what it had read beyond the request comes on at once,
   * as raw bytes, to the handler behind it.
   */
  static void removeCodec(ChannelPipeline pipeline) {
    pipeline.remove(HttpServerCodec.class);
  }

  /**
   * Puts a fresh codec in front of {@code handler}'s once the stream's last part has been written,
   * and feeds it {@code held}: what the client sent during the stream, in order.
   */
  static void restoreCodec(ChannelHandlerContext handler, Iterator<Object> held) {
    ChannelPipeline p = handler.pipeline();
    HttpServerCodec codec = newCodec();
    p.addBefore(handler.name(), null, codec);
    if (!held.hasNext()) {
      return;
    }
    // The held bytes must enter at the codec, behind any TLS handler in front of it: a handler
    // put there for just this long passes them in.
    ChannelInboundHandlerAdapter feeder = new ChannelInboundHandlerAdapter();
    p.addBefore(p.context(codec).name(), null, feeder);
    ChannelHandlerContext feed = p.context(feeder);
    while (held.hasNext()) {
      Object o = held.next();
      held.remove();
      feed.fireChannelRead(o);
    }
    feed.fireChannelReadComplete();
    p.remove(feeder);
  }

  /** Writes {@code msg} on from {@code ctx}, framing it if it is a part of the response body. */
  static void write(
      ChannelHandlerContext ctx, Object msg, ChannelPromise promise, boolean chunked) {
    if (!(msg instanceof HttpContent c)) {
      ctx.write(msg, promise);
      return;
    }
    ByteBuf data = c.content();
    boolean last = c instanceof LastHttpContent;
    if (!chunked) {
      // Close-delimited: the bytes as they are, and the end of the response is the close.
      ctx.write(data, promise);
      return;
    }
    int n = data.readableBytes();
    if (n > 0) {
      ByteBuf size = ctx.alloc().buffer(10);
      for (int shift = (31 - Integer.numberOfLeadingZeros(n)) & ~3; shift >= 0; shift -= 4) {
        size.writeByte(HEX[(n >>> shift) & 0xF]);
      }
      size.writeShort(('\r' << 8) | '\n');
      ctx.write(size, ctx.voidPromise());
      ctx.write(data, ctx.voidPromise());
      if (!last) {
        ctx.write(CRLF.duplicate(), promise);
        return;
      }
      ctx.write(CRLF.duplicate(), ctx.voidPromise());
    } else {
      data.release();
      if (!last) {
        ctx.write(Unpooled.EMPTY_BUFFER, promise);
        return;
      }
    }
    LastHttpContent end = (LastHttpContent) c;
    if (end.trailingHeaders().isEmpty()) {
      ctx.write(LAST_CHUNK.duplicate(), promise);
      return;
    }
    ByteBuf t = ctx.alloc().buffer();
    t.writeBytes(LAST_CHUNK, 0, 3);
    for (Iterator<Map.Entry<CharSequence, CharSequence>> it =
            end.trailingHeaders().iteratorCharSequence();
        it.hasNext(); ) {
      Map.Entry<CharSequence, CharSequence> h = it.next();
      ByteBufUtil.writeAscii(t, h.getKey());
      t.writeShort((':' << 8) | ' ');
      ByteBufUtil.writeUtf8(t, h.getValue());
      t.writeShort(('\r' << 8) | '\n');
    }
    t.writeShort(('\r' << 8) | '\n');
    ctx.write(t, promise);
  }
}
