package dev.ssewatch.agent.instrumentation.body;

import dev.ssewatch.agent.bootstrap.BodyCalls;
import dev.ssewatch.agent.bootstrap.BodyContext;
import net.bytebuddy.asm.Advice;

/** {@code flush()} of a body stream: when it returns, the bytes are on their way to the socket. */
public final class FlushAdvice {

  private FlushAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static BodyContext enter(@Advice.This Object body) {
    return BodyCalls.flush(body);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter BodyContext c, @Advice.Thrown Throwable thrown) {
    if (c != null) {
      BodyCalls.exitFlush(c, thrown);
    }
  }
}
