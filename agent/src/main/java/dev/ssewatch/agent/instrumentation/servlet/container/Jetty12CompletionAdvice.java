package dev.ssewatch.agent.instrumentation.servlet.container;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.agent.bootstrap.SseHooks;
import net.bytebuddy.asm.Advice;
import org.eclipse.jetty.ee10.servlet.ServletChannel;
import org.eclipse.jetty.ee10.servlet.ServletChannelState;
import org.eclipse.jetty.ee10.servlet.ServletContextResponse;

/**
 * Jetty 12's {@code ServletChannelState.completeResponse()}, which {@code
 * ServletChannel.onCompleted()} calls once per request as it terminates, just before it completes
 * the request's callback: the failure it returns is why the response was aborted, or {@code null}.
 * The response is still the request's here (the channel recycles it after the callback). The
 * agent's key is the Servlet API response.
 */
public final class Jetty12CompletionAdvice {

  private Jetty12CompletionAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.This ServletChannelState state, @Advice.Return Throwable failure) {
    ServletChannel channel = state.getServletChannel();
    ServletContextResponse response = channel == null ? null : channel.getServletContextResponse();
    BodyContext c = response == null ? null : SseHooks.context(response.getServletApiResponse());
    if (c != null) {
      c.onContainerCompleted(failure);
    }
  }
}
