package dev.ssewatch.agent.instrumentation.servlet.common;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.agent.bootstrap.SseHooks;
import java.nio.ByteBuffer;
import net.bytebuddy.asm.Advice;

/** {@code ServletOutputStream.write(ByteBuffer)} (Servlet 6.1, and Tomcat's own). */
public final class WriteByteBufferAdvice {

  private WriteByteBufferAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static BodyContext enter(@Advice.This Object body, @Advice.Argument(0) ByteBuffer buf) {
    BodyContext c = SseHooks.context(body);
    if (c != null && c.enter()) {
      c.onBytes(buf);
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
