package dev.ssewatch.agent.instrumentation.netty;

import dev.ssewatch.agent.bootstrap.SseHooks;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import java.util.List;
import net.bytebuddy.asm.Advice;

/**
 * Hands the request an HTTP/2 stream's headers frame was decoded into to the agent, keyed by the
 * stream's channel; as {@link HttpDecodeAdvice}, the headers are passed, not copied.
 */
public final class Http2DecodeAdvice {

  private Http2DecodeAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(
      @Advice.FieldValue("isServer") boolean isServer,
      @Advice.Argument(0) ChannelHandlerContext ctx,
      @Advice.Argument(2) List<Object> out) {
    if (isServer) {
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
