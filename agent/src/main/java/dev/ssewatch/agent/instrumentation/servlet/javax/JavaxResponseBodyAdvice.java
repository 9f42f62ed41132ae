package dev.ssewatch.agent.instrumentation.servlet.javax;

import dev.ssewatch.agent.bootstrap.SseHooks;
import javax.servlet.ServletResponse;
import net.bytebuddy.asm.Advice;

/** {@code getOutputStream()} / {@code getWriter()}: ties the body object to its response. */
public final class JavaxResponseBodyAdvice {

  private JavaxResponseBodyAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This ServletResponse response, @Advice.Return Object body) {
    SseHooks.servletBody(response, body, response.getContentType());
  }
}
