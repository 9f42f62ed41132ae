package dev.ssewatch.agent.instrumentation.servlet.common;

import dev.ssewatch.agent.bootstrap.BodyCalls;
import dev.ssewatch.agent.bootstrap.BodyContext;
import java.nio.CharBuffer;
import net.bytebuddy.asm.Advice;

/** {@code write(CharBuffer)} of a container's writer that takes one (Undertow's). */
public final class WriteCharBufferAdvice {

  private WriteCharBufferAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static BodyContext enter(@Advice.This Object body, @Advice.Argument(0) CharBuffer chars) {
    return BodyCalls.writeChars(body, chars);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter BodyContext c, @Advice.Thrown Throwable thrown) {
    if (c != null) {
      BodyCalls.exitWrite(c, thrown);
    }
  }
}
