package dev.ssewatch.agent.instrumentation.servlet.common;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.agent.bootstrap.SseHooks;
import net.bytebuddy.asm.Advice;

/** {@code WriteListener.onError(Throwable)}: a non-blocking write to the client failed. */
public final class WriteListenerErrorAdvice {

  private WriteListenerErrorAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Object listener, @Advice.Argument(0) Throwable error) {
    BodyContext c = SseHooks.context(listener);
    if (c != null) {
      c.onAsyncError(error);
    }
  }
}
