package dev.ssewatch.agent.instrumentation.netty;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.agent.bootstrap.SseHooks;
import net.bytebuddy.asm.Advice;

/** A flush reached the channel: what was written so far now goes to the socket. */
public final class AddFlushAdvice {

  private AddFlushAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.FieldValue("channel") Object channel) {
    BodyContext c = SseHooks.context(channel);
    if (c != null) {
      c.onFlush();
    }
  }
}
