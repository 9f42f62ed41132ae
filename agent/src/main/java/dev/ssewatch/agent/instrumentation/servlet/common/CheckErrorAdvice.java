package dev.ssewatch.agent.instrumentation.servlet.common;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.agent.bootstrap.SseHooks;
import net.bytebuddy.asm.Advice;

/**
 * {@code PrintWriter.checkError()}: writers swallow the client's disconnect, and this is where an
 * application learns about it, so it is where the agent does too.
 */
public final class CheckErrorAdvice {

  private CheckErrorAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object body, @Advice.Return boolean error) {
    if (error) {
      BodyContext c = SseHooks.context(body);
      if (c != null) {
        c.onWriterError();
      }
    }
  }
}
