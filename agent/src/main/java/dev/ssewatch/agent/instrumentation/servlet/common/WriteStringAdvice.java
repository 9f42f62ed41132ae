package dev.ssewatch.agent.instrumentation.servlet.common;

import dev.ssewatch.agent.bootstrap.BodyCalls;
import dev.ssewatch.agent.bootstrap.BodyContext;
import net.bytebuddy.asm.Advice;

/** {@code Writer.write(String, int, int)} of a servlet response's writer. */
public final class WriteStringAdvice {

  private WriteStringAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static BodyContext enter(
      @Advice.This Object body,
      @Advice.Argument(0) String s,
      @Advice.Argument(1) int off,
      @Advice.Argument(2) int len) {
    return BodyCalls.writeChars(body, s, off, len);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter BodyContext c, @Advice.Thrown Throwable thrown) {
    if (c != null) {
      BodyCalls.exitWrite(c, thrown);
    }
  }
}
