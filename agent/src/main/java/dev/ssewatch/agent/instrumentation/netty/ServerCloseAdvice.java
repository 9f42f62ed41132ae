package dev.ssewatch.agent.instrumentation.netty;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.agent.bootstrap.SseHooks;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DuplexChannel;
import net.bytebuddy.asm.Advice;

/**
 * The server closes the connection through its pipeline. Marked only while the connection is open
 * and its input not shut down: a close after the transport closed, or after the peer's half-close,
 * is the client's doing.
 */
public final class ServerCloseAdvice {

  private ServerCloseAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.Argument(0) ChannelHandlerContext ctx) {
    Channel channel = ctx.channel();
    if (!channel.isActive()
        || (channel instanceof DuplexChannel && ((DuplexChannel) channel).isInputShutdown())) {
      return;
    }
    BodyContext c = SseHooks.context(channel);
    if (c != null) {
      c.onServerClose();
    }
  }
}
