package dev.ssewatch.agent.instrumentation.netty;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.agent.bootstrap.SseHooks;
import io.netty.channel.ChannelHandlerContext;
import net.bytebuddy.asm.Advice;

/** An idle-state timer runs for the connection, from entry to exit. */
public final class IdleTimerAdvice {

  private IdleTimerAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static BodyContext enter(@Advice.FieldValue("ctx") ChannelHandlerContext ctx) {
    BodyContext c = SseHooks.context(ctx.channel());
    if (c != null) {
      c.onIdleTimer(true);
    }
    return c;
  }

  @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
  public static void exit(@Advice.Enter BodyContext c) {
    if (c != null) {
      c.onIdleTimer(false);
    }
  }
}
