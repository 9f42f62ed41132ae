package dev.ssewatch.agent.instrumentation.body;

import dev.ssewatch.agent.bootstrap.BodyCalls;
import dev.ssewatch.agent.bootstrap.BodyContext;
import net.bytebuddy.asm.Advice;

/** {@code write(byte[], int, int)} of a body stream. */
public final class WriteBytesAdvice {

  private WriteBytesAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static BodyContext enter(
      @Advice.This Object body,
      @Advice.Argument(0) byte[] b,
      @Advice.Argument(1) int off,
      @Advice.Argument(2) int len) {
    return BodyCalls.write(body, b, off, len);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter BodyContext c, @Advice.Thrown Throwable thrown) {
    if (c != null) {
      BodyCalls.exitWrite(c, thrown);
    }
  }
}
