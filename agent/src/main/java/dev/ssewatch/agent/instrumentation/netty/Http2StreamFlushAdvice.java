package dev.ssewatch.agent.instrumentation.netty;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.agent.bootstrap.SseHooks;
import net.bytebuddy.asm.Advice;

/** An HTTP/2 stream's channel flushed: what it wrote so far now goes to the connection's socket. */
public final class Http2StreamFlushAdvice {

  private Http2StreamFlushAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.FieldValue("this$0") Object channel) {
    BodyContext c = SseHooks.context(channel);
    if (c != null) {
      c.onFlush();
    }
  }
}
