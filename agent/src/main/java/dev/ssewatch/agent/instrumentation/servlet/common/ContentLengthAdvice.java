package dev.ssewatch.agent.instrumentation.servlet.common;

import dev.ssewatch.agent.bootstrap.SseHooks;
import net.bytebuddy.asm.Advice;

/**
 * {@code ServletResponse.setContentLengthLong(long)}. Some containers (Tomcat) keep the length out
 * of {@code getHeaderNames()} until the response commits, so the agent would not see the header
 * that marks an event stream as buffered.
 */
public final class ContentLengthAdvice {

  private ContentLengthAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object response, @Advice.Argument(0) long length) {
    SseHooks.servletContentLength(response, length);
  }
}
