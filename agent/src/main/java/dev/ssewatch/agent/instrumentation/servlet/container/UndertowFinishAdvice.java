package dev.ssewatch.agent.instrumentation.servlet.container;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.agent.bootstrap.SseHooks;
import net.bytebuddy.asm.Advice;

/**
 * Undertow's servlet layer, {@code HttpServletResponseImpl.responseDone()}: the output stream or
 * writer is closed, so a response never flushed has committed there, with the {@code
 * Content-Length} Undertow adds to it. The agent's key is the response itself, which is what
 * Undertow hands the application. Undertow logs and swallows a failure to write there.
 */
public final class UndertowFinishAdvice {

  private UndertowFinishAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.This Object response, @Advice.Thrown Throwable thrown) {
    BodyContext c = SseHooks.context(response);
    if (c != null) {
      c.onContainerFinished(thrown);
    }
  }
}
