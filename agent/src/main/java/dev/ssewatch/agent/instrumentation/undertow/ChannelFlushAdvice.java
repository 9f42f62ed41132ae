package dev.ssewatch.agent.instrumentation.undertow;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.agent.bootstrap.SseHooks;
import net.bytebuddy.asm.Advice;

/**
 * {@code flush()} of a response channel: only a flush that returns {@code true} has handed every
 * byte to the socket; one that returns {@code false} is retried when the socket is writable.
 */
public final class ChannelFlushAdvice {

  private ChannelFlushAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static BodyContext enter(@Advice.This Object channel) {
    BodyContext c = SseHooks.context(channel);
    if (c != null && c.enterFlush()) {
      // timing is taken on exit, when the flush has returned
    }
    return c;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Enter BodyContext c,
      @Advice.Return boolean flushed,
      @Advice.Thrown Throwable thrown) {
    if (c != null) {
      if (thrown == null && !flushed) {
        c.exitWrite(null);
      } else {
        c.exitFlush(thrown);
      }
    }
  }
}
