package dev.ssewatch.agent.instrumentation.netty;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.agent.bootstrap.SseHooks;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import net.bytebuddy.asm.Advice;

/**
 * Sees each outbound message before the encoder consumes and releases it. Body bytes are read in
 * place, leaving the buffer's indices and contents untouched: a heap buffer through its backing
 * array, a direct one through the NIO buffer it keeps for its own I/O (re-positioned by every
 * call), so that a write costs no view object. A heap buffer is read here; any other is handed over
 * as it is ({@link BodyContext#onBuffer}) and read by the agent through method handles.
 *
 * <p>The one advice that is not thin, on purpose: the work it does inline is reading Netty's types
 * ({@code HttpResponse}, {@code ByteBuf}, {@code LastHttpContent}) into the JDK types the bridge
 * takes. Only code inlined into the application's Netty classes links against the application's
 * Netty; the agent's own classes cannot see it (their loader's parent is the platform loader), and
 * the agent injects no helper classes into application loaders. Handing every message over as an
 * {@code Object} instead would mean reflection on every body write of every response, event stream
 * or not. What is done with the bytes, headers and end is the agent's, behind the bridge.
 *
 * <p>It is also kept small: {@code HttpObjectEncoder.write} is 113 bytes of bytecode in Netty 4.1,
 * and HotSpot inlines a hot method into its caller ({@code CombinedChannelDuplexHandler.write}, the
 * server codec) only up to 325 bytes ({@code -XX:FreqInlineSize}). A larger advice made every write
 * of every channel a call of its own, event stream or not; so the uncommon buffers go to the agent
 * as they are, and nothing here is written twice.
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
    ByteBuf content =
        msg instanceof HttpContent
            ? ((HttpContent) msg).content()
            : msg instanceof ByteBuf ? (ByteBuf) msg : null;
    int n;
    if (content != null && (n = content.readableBytes()) > 0 && c.wantsBytes()) {
      if (content.hasArray()) {
        c.onBytes(content.array(), content.arrayOffset() + content.readerIndex(), n);
      } else {
        c.onBuffer(content);
      }
    }
    if (msg instanceof LastHttpContent) {
      c.onLastContent();
    }
  }
}
