package dev.ssewatch.agent.instrumentation.servlet.javax;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.agent.bootstrap.SseHooks;
import javax.servlet.AsyncContext;
import javax.servlet.AsyncEvent;
import javax.servlet.ServletResponse;
import javax.servlet.ServletResponseWrapper;
import net.bytebuddy.asm.Advice;

/**
 * {@code AsyncListener.onError(AsyncEvent)}: the container failed the asynchronous exchange, which
 * for an event stream means the client went away.
 */
public final class JavaxAsyncErrorAdvice {

  private JavaxAsyncErrorAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.Argument(0) AsyncEvent event) {
    ServletResponse r = event.getSuppliedResponse();
    if (r == null) {
      AsyncContext async = event.getAsyncContext();
      r = async == null ? null : async.getResponse();
    }
    while (r instanceof ServletResponseWrapper) {
      r = ((ServletResponseWrapper) r).getResponse();
    }
    BodyContext c = SseHooks.context(r);
    if (c != null) {
      c.onAsyncError(event.getThrowable());
    }
  }
}
