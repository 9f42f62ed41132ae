package dev.ssewatch.agent.instrumentation.netty;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.agent.bootstrap.SseHooks;
import io.netty.channel.ChannelHandlerContext;
import net.bytebuddy.asm.Advice;

/** An exception enters the pipeline at its head: the transport's read failed. */
public final class TransportFailureAdvice {

  private TransportFailureAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(
      @Advice.Argument(0) ChannelHandlerContext ctx, @Advice.Argument(1) Throwable cause) {
    BodyContext c = SseHooks.context(ctx.channel());
    if (c != null) {
      c.onFailure(cause);
    }
  }
}
