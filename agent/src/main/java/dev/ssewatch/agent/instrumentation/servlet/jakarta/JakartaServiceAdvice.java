package dev.ssewatch.agent.instrumentation.servlet.jakarta;

import dev.ssewatch.agent.bootstrap.SseHooks;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import net.bytebuddy.asm.Advice;

/**
 * The outermost servlet {@code service} or filter {@code doFilter}: where an exchange begins (and,
 * unless it went async, ends). The response is unwrapped so that filters' wrappers and the
 * container agree on one key.
 */
public final class JakartaServiceAdvice {

  private JakartaServiceAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(
      @Advice.Argument(0) ServletRequest request, @Advice.Argument(1) ServletResponse response) {
    ServletResponse r = response;
    while (r instanceof ServletResponseWrapper) {
      r = ((ServletResponseWrapper) r).getResponse();
    }
    return SseHooks.servletEnter(
        request, r, request.getDispatcherType() == DispatcherType.REQUEST, "jakarta.servlet");
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Enter Object token,
      @Advice.Argument(0) ServletRequest request,
      @Advice.Thrown Throwable thrown) {
    if (token != null) {
      SseHooks.servletExit(token, request.isAsyncStarted(), thrown);
    }
  }
}
