package dev.ssewatch.agent.instrumentation.servlet.jakarta;

import dev.ssewatch.agent.bootstrap.SseHooks;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import net.bytebuddy.asm.Advice;

/** {@code AsyncContext.complete()}: the end of an asynchronous exchange. */
public final class JakartaAsyncCompleteAdvice {

  private JakartaAsyncCompleteAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This AsyncContext async) {
    ServletResponse r = async.getResponse();
    while (r instanceof ServletResponseWrapper) {
      r = ((ServletResponseWrapper) r).getResponse();
    }
    SseHooks.servletComplete(r);
  }
}
