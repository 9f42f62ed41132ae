package dev.ssewatch.agent.instrumentation.servlet.jakarta;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.agent.bootstrap.SseHooks;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import net.bytebuddy.asm.Advice;

/**
 * {@code AsyncListener.onError(AsyncEvent)}: the container failed the asynchronous exchange, which
 * for an event stream means the client went away.
 */
public final class JakartaAsyncErrorAdvice {

  private JakartaAsyncErrorAdvice() {}

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
