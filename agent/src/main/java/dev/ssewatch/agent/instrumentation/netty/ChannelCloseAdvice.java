package dev.ssewatch.agent.instrumentation.netty;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.agent.bootstrap.SseHooks;
import net.bytebuddy.asm.Advice;

/** The channel closed: a stream still open ends here. */
public final class ChannelCloseAdvice {

  private ChannelCloseAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.FieldValue("channel") Object channel) {
    BodyContext c = SseHooks.context(channel);
    if (c != null) {
      c.onClose();
    }
  }
}
