package dev.ssewatch.agent.instrumentation.servlet.common;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.agent.bootstrap.SseHooks;
import java.nio.CharBuffer;
import net.bytebuddy.asm.Advice;

/** {@code write(CharBuffer)} of a container's writer that takes one (Undertow's). */
public final class WriteCharBufferAdvice {

  private WriteCharBufferAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static BodyContext enter(@Advice.This Object body, @Advice.Argument(0) CharBuffer chars) {
    BodyContext c = SseHooks.context(body);
    if (c != null && c.enter()) {
      c.onChars(chars);
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
