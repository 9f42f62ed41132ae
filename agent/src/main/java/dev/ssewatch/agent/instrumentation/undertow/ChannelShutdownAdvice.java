package dev.ssewatch.agent.instrumentation.undertow;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.agent.bootstrap.SseHooks;
import java.nio.channels.Channel;
import net.bytebuddy.asm.Advice;

/**
 * {@code shutdownWrites()} of a response channel: the writer has finished the body. On an open
 * channel that is the stream's normal end (the connection of a non-persistent response may close
 * right after, before the exchange is terminated); on a closed one the client went away first.
 */
public final class ChannelShutdownAdvice {

  private ChannelShutdownAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Channel channel) {
    BodyContext c = SseHooks.context(channel);
    if (c != null) {
      if (channel.isOpen()) {
        c.onClose();
      } else {
        c.onWriterError();
      }
    }
  }
}
