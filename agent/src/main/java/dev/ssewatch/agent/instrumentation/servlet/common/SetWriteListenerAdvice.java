package dev.ssewatch.agent.instrumentation.servlet.common;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.agent.bootstrap.SseHooks;
import net.bytebuddy.asm.Advice;

/**
 * {@code ServletOutputStream.setWriteListener(WriteListener)} of a servlet body: the listener is
 * where the container reports a failed write, so the agent ties it to the body's exchange.
 */
public final class SetWriteListenerAdvice {

  private SetWriteListenerAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object body, @Advice.Argument(0) Object listener) {
    BodyContext c = SseHooks.context(body);
    if (c != null && listener != null) {
      c.onWriteListener(listener);
    }
  }
}
