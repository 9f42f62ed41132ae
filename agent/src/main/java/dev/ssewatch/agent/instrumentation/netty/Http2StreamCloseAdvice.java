package dev.ssewatch.agent.instrumentation.netty;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.agent.bootstrap.SseHooks;
import net.bytebuddy.asm.Advice;

/** An HTTP/2 stream's channel closed: a stream still open ends here. */
public final class Http2StreamCloseAdvice {

  private Http2StreamCloseAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
  public static void exit(@Advice.FieldValue("this$0") Object channel) {
    BodyContext c = SseHooks.context(channel);
    if (c != null) {
      c.onClose();
    }
  }
}
