package dev.ssewatch.agent.instrumentation.body;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.agent.bootstrap.SseHooks;
import net.bytebuddy.asm.Advice;

/**
 * {@code write(byte[])} of a body stream that does not pass it on to its own {@code write(byte[],
 * int, int)} (the JDK server's body stream hands it straight to the stream it wraps).
 */
public final class WriteArrayAdvice {

  private WriteArrayAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static BodyContext enter(@Advice.This Object body, @Advice.Argument(0) byte[] b) {
    BodyContext c = SseHooks.context(body);
    if (c != null && c.enter()) {
      c.onBytes(b, 0, b.length);
    }
    return c;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter BodyContext c, @Advice.Thrown Throwable thrown) {
    if (c != null) {
      c.exitWrite(thrown);
    }
  }
}
