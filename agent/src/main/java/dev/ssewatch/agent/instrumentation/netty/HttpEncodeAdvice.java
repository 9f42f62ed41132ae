package dev.ssewatch.agent.instrumentation.netty;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.agent.bootstrap.SseHooks;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import net.bytebuddy.asm.Advice;

/**
 * Sees each outbound message before the encoder consumes and releases it. Body bytes are read in
 * place, leaving the buffer's indices and contents untouched: a heap buffer through its backing
 * array, a direct one through the NIO buffer it keeps for its own I/O (re-positioned by every
 * call), so that a write costs no view object; a buffer of several parts, or one that keeps no NIO
 * buffer, is handed over as it is ({@link BodyContext#onBuffer}).
 *
 * <p>The one advice that is not thin, on purpose: the work it does inline is reading Netty's body
 * buffers ({@code ByteBuf}) into the JDK types the bridge takes. Only code inlined into the
 * application's Netty classes links against the application's Netty; the agent's own classes cannot
 * see it (their loader's parent is the platform loader), and the agent injects no helper classes
 * into application loaders. Handing every body buffer over as an {@code Object} instead would mean
 * reflection on every body write of every event stream. A response's line and headers, once per
 * response, are handed over as the {@code HttpResponse} they are and read by the agent through
 * method handles ({@link BodyContext#onResponse}).
 *
 * <p>It is also kept small: {@code HttpObjectEncoder.write} is 113 bytes of bytecode in Netty 4.1
 * and 4.2, and HotSpot inlines a hot method into its caller ({@code
 * CombinedChannelDuplexHandler.write}, the server codec) only up to 325 bytes ({@code
 * -XX:FreqInlineSize}). With the headers read here too the method grew to 398 bytes, and every
 * write of every channel, event stream or not, became a call of its own.
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
      c.onResponse(msg);
    }
    ByteBuf content =
        msg instanceof HttpContent
            ? ((HttpContent) msg).content()
            : msg instanceof ByteBuf ? (ByteBuf) msg : null;
    int n;
    if (content != null && (n = content.readableBytes()) > 0 && c.wantsBytes()) {
      if (content.hasArray()) {
        c.onBytes(content.array(), content.arrayOffset() + content.readerIndex(), n);
      } else if (content.nioBufferCount() == 1) {
        try {
          c.onBytes(content.internalNioBuffer(content.readerIndex(), n));
        } catch (UnsupportedOperationException e) {
          c.onBuffer(content);
        }
      } else {
        c.onBuffer(content);
      }
    }
    if (msg instanceof LastHttpContent) {
      c.onLastContent();
    }
  }
}
