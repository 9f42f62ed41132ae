package dev.ssewatch.agent.instrumentation.body;

import dev.ssewatch.agent.bootstrap.BodyCalls;
import dev.ssewatch.agent.bootstrap.BodyContext;
import net.bytebuddy.asm.Advice;

/**
 * {@code write(byte[])} of a body stream that does not pass it on to its own {@code write(byte[],
 * int, int)} (the JDK server's body stream hands it straight to the stream it wraps).
 */
public final class WriteArrayAdvice {

  private WriteArrayAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static BodyContext enter(@Advice.This Object body, @Advice.Argument(0) byte[] b) {
    return BodyCalls.write(body, b);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter BodyContext c, @Advice.Thrown Throwable thrown) {
    if (c != null) {
      BodyCalls.exitWrite(c, thrown);
    }
  }
}
