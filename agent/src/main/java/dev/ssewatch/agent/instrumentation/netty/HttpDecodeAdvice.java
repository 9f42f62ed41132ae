package dev.ssewatch.agent.instrumentation.netty;

import dev.ssewatch.agent.bootstrap.SseHooks;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import java.util.List;
import net.bytebuddy.asm.Advice;

/**
 * Hands each decoded request line to the agent; the headers object is passed, not copied, and read
 * only if the response turns out to be an event stream.
 */
public final class HttpDecodeAdvice {

  private HttpDecodeAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(
      @Advice.This Object decoder,
      @Advice.Argument(0) ChannelHandlerContext ctx,
      @Advice.Argument(2) List<Object> out) {
    if (decoder instanceof HttpRequestDecoder) {
      for (int i = 0, n = out.size(); i < n; i++) {
        Object msg = out.get(i);
        if (msg instanceof HttpRequest) {
          HttpRequest request = (HttpRequest) msg;
          SseHooks.nettyRequest(
              ctx.channel(), request.method().name(), request.uri(), request.headers());
        }
      }
    }
  }
}
