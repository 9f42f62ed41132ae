package dev.ssewatch.agent.instrumentation.servlet.javax;

import dev.ssewatch.agent.bootstrap.SseHooks;
import javax.servlet.AsyncContext;
import javax.servlet.ServletResponse;
import javax.servlet.ServletResponseWrapper;
import net.bytebuddy.asm.Advice;

/** {@code AsyncContext.complete()}: the end of an asynchronous exchange. */
public final class JavaxAsyncCompleteAdvice {

  private JavaxAsyncCompleteAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This AsyncContext async) {
    ServletResponse r = async.getResponse();
    while (r instanceof ServletResponseWrapper) {
      r = ((ServletResponseWrapper) r).getResponse();
    }
    SseHooks.servletComplete(r);
  }
}
