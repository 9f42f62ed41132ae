package dev.ssewatch.agent.instrumentation.servlet.jakarta;

import dev.ssewatch.agent.bootstrap.SseHooks;
import jakarta.servlet.ServletResponse;
import net.bytebuddy.asm.Advice;

/** {@code getOutputStream()} / {@code getWriter()}: ties the body object to its response. */
public final class JakartaResponseBodyAdvice {

  private JakartaResponseBodyAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This ServletResponse response, @Advice.Return Object body) {
    SseHooks.servletBody(response, body, response.getContentType());
  }
}
