package dev.ssewatch.agent.instrumentation.servlet.container;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.agent.bootstrap.SseHooks;
import net.bytebuddy.asm.Advice;
import org.eclipse.jetty.ee10.servlet.ServletContextResponse;

/**
 * Jetty 12's {@code ServletContextResponse.completeOutput(Callback)}: the last content is handed to
 * the connection, so the response has committed, with its headers final. The agent's key is the
 * Servlet API response this one hands out.
 */
public final class Jetty12FinishAdvice {

  private Jetty12FinishAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.This ServletContextResponse response, @Advice.Thrown Throwable thrown) {
    BodyContext c = SseHooks.context(response.getServletApiResponse());
    if (c != null) {
      c.onContainerFinished(thrown);
    }
  }
}
