package dev.ssewatch.agent.instrumentation.servlet.common;

import dev.ssewatch.agent.bootstrap.SseHooks;
import net.bytebuddy.asm.Advice;

/** {@code ServletResponse.setContentLength(int)}; {@link ContentLengthAdvice} says why. */
public final class ContentLengthIntAdvice {

  private ContentLengthIntAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object response, @Advice.Argument(0) int length) {
    SseHooks.servletContentLength(response, length);
  }
}
