package dev.ssewatch.agent.instrumentation.undertow;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.agent.bootstrap.SseHooks;
import java.nio.ByteBuffer;
import net.bytebuddy.asm.Advice;

/**
 * {@code write(ByteBuffer)} / {@code writeFinal(ByteBuffer)} of a response channel. A non-blocking
 * write may take only part of the buffer and see the rest again later, so only the bytes it took
 * (between the position before and after) are read, through a view of the buffer.
 */
public final class ChannelWriteAdvice {

  private ChannelWriteAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static BodyContext enter(
      @Advice.This Object channel,
      @Advice.Argument(0) ByteBuffer src,
      @Advice.Local("start") int start) {
    BodyContext c = SseHooks.context(channel);
    start = c != null && c.enter() ? src.position() : -1;
    return c;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Enter BodyContext c,
      @Advice.Argument(0) ByteBuffer src,
      @Advice.Local("start") int start,
      @Advice.Thrown Throwable thrown) {
    if (c != null) {
      if (start >= 0 && thrown == null && src.position() > start) {
        ByteBuffer taken = src.duplicate();
        taken.limit(src.position());
        taken.position(start);
        c.onBytes(taken);
      }
      c.exitWrite(thrown);
    }
  }
}
