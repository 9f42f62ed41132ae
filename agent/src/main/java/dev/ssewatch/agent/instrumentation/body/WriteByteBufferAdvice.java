package dev.ssewatch.agent.instrumentation.body;

import dev.ssewatch.agent.bootstrap.BodyCalls;
import dev.ssewatch.agent.bootstrap.BodyContext;
import java.nio.ByteBuffer;
import net.bytebuddy.asm.Advice;

/**
 * {@code write(ByteBuffer)} of a body stream or channel: the remaining bytes are read in place, the
 * buffer's position untouched.
 */
public final class WriteByteBufferAdvice {

  private WriteByteBufferAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static BodyContext enter(@Advice.This Object body, @Advice.Argument(0) ByteBuffer b) {
    return BodyCalls.write(body, b);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter BodyContext c, @Advice.Thrown Throwable thrown) {
    if (c != null) {
      BodyCalls.exitWrite(c, thrown);
    }
  }
}
