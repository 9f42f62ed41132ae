package dev.ssewatch.agent.instrumentation.body;

import dev.ssewatch.agent.bootstrap.BodyCalls;
import dev.ssewatch.agent.bootstrap.BodyContext;
import net.bytebuddy.asm.Advice;

/** {@code close()} of a body stream: the response body is complete (or failed, if it throws). */
public final class CloseAdvice {

  private CloseAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static BodyContext enter(@Advice.This Object body) {
    return BodyCalls.close(body);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter BodyContext c, @Advice.Thrown Throwable thrown) {
    if (c != null) {
      BodyCalls.exitClose(c, thrown);
    }
  }
}
