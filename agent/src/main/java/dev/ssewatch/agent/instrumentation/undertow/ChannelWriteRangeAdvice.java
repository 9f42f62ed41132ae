package dev.ssewatch.agent.instrumentation.undertow;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.agent.bootstrap.SseHooks;
import java.nio.ByteBuffer;
import net.bytebuddy.asm.Advice;

/**
 * {@code write(ByteBuffer[], int, int)} / {@code writeFinal(…)} of a response channel: as {@link
 * ChannelWriteAdvice}, buffer by buffer.
 */
public final class ChannelWriteRangeAdvice {

  private ChannelWriteRangeAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static BodyContext enter(
      @Advice.This Object channel,
      @Advice.Argument(0) ByteBuffer[] srcs,
      @Advice.Argument(1) int offset,
      @Advice.Argument(2) int length,
      @Advice.Local("starts") int[] starts) {
    BodyContext c = SseHooks.context(channel);
    starts = null;
    if (c != null && c.enter()) {
      starts = new int[length];
      for (int i = 0; i < length; i++) {
        starts[i] = srcs[offset + i].position();
      }
    }
    return c;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Enter BodyContext c,
      @Advice.Argument(0) ByteBuffer[] srcs,
      @Advice.Argument(1) int offset,
      @Advice.Local("starts") int[] starts,
      @Advice.Thrown Throwable thrown) {
    if (c != null) {
      if (starts != null && thrown == null) {
        for (int i = 0; i < starts.length; i++) {
          ByteBuffer src = srcs[offset + i];
          if (src.position() > starts[i]) {
            ByteBuffer taken = src.duplicate();
            taken.limit(src.position());
            taken.position(starts[i]);
            c.onBytes(taken);
          }
        }
      }
      c.exitWrite(thrown);
    }
  }
}
