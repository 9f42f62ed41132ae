package dev.ssewatch.agent.instrumentation.netty;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.agent.bootstrap.SseHooks;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.ByteBuffer;
import net.bytebuddy.asm.Advice;

/**
 * Sees each outbound message before the encoder consumes and releases it. Body bytes are read in
 * place, leaving the buffer's indices and contents untouched: a heap buffer through its backing
 * array, a direct one through the NIO buffer it keeps for its own I/O (re-positioned by every
 * call), so that a write costs no view object; only a buffer of several parts gets fresh views.
 *
 * <p>The one advice that is not thin, on purpose: the work it does inline is reading Netty's types
 * ({@code HttpResponse}, {@code ByteBuf}, {@code LastHttpContent}) into the JDK types the bridge
 * takes. Only code inlined into the application's Netty classes links against the application's
 * Netty; the agent's own classes cannot see it (their loader's parent is the platform loader), and
 * the agent injects no helper classes into application loaders. Handing the message over as an
 * {@code Object} instead would mean reflection on every body write of every response, event stream
 * or not. What is done with the bytes, headers and end is the agent's, behind the bridge.
 */
public final class HttpEncodeAdvice {

  private HttpEncodeAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(
      @Advice.Argument(0) ChannelHandlerContext ctx, @Advice.Argument(1) Object msg) {
    BodyContext c = SseHooks.context(ctx.channel());
    if (c == null) {
      return;
    }
    if (msg instanceof HttpResponse) {
      HttpResponse response = (HttpResponse) msg;
      HttpHeaders headers = response.headers();
      c.onHttpResponse(
          response.status().code(),
          headers,
          headers.get("content-type"),
          headers.get("content-encoding"));
    }
    if (c.wantsBytes()) {
      ByteBuf content =
          msg instanceof HttpContent
              ? ((HttpContent) msg).content()
              : msg instanceof ByteBuf ? (ByteBuf) msg : null;
      if (content != null && content.isReadable()) {
        int views = content.nioBufferCount();
        if (content.hasArray()) {
          c.onBytes(
              content.array(),
              content.arrayOffset() + content.readerIndex(),
              content.readableBytes());
        } else if (views == 1) {
          ByteBuffer view;
          try {
            view = content.internalNioBuffer(content.readerIndex(), content.readableBytes());
          } catch (UnsupportedOperationException e) {
            view = content.nioBuffer();
          }
          c.onBytes(view);
        } else if (views > 1) {
          for (ByteBuffer view : content.nioBuffers()) {
            c.onBytes(view);
          }
        }
      }
    }
    if (msg instanceof LastHttpContent) {
      c.onLastContent();
    }
  }
}
