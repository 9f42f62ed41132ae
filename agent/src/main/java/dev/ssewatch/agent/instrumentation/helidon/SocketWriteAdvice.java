package dev.ssewatch.agent.instrumentation.helidon;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.agent.bootstrap.ServerStreams;
import dev.ssewatch.agent.bootstrap.SseHooks;
import net.bytebuddy.asm.Advice;

/**
 * {@code SocketWriter.write(BufferData)} / {@code writeNow(BufferData)} of a bound writer: the
 * bytes are read without moving the buffer's read position, and the write returning is the write to
 * the socket.
 */
public final class SocketWriteAdvice {

  private SocketWriteAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static BodyContext enter(@Advice.This Object writer, @Advice.Argument(0) Object buffer) {
    BodyContext c = SseHooks.context(writer);
    if (c != null && c.enter()) {
      ServerStreams.bufferData(c, buffer);
    }
    return c;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter BodyContext c, @Advice.Thrown Throwable thrown) {
    if (c != null) {
      c.exitFlush(thrown);
    }
  }
}
