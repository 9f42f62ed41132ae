package dev.ssewatch.agent.instrumentation.servlet.container;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.agent.bootstrap.SseHooks;
import net.bytebuddy.asm.Advice;

/**
 * Tomcat's {@code Response.recycle()}: the request is over, however it ended, and the response is
 * cleared for the next one (its facade dropped, by default). A stream still open here missed its
 * container's finish: an asynchronous request that timed out with no listener to complete it ends
 * without {@code finishResponse} telling the agent. Read at entry, while the facade, the agent's
 * key, is still there.
 */
public final class TomcatRecycleAdvice {

  private TomcatRecycleAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.FieldValue("facade") Object facade) {
    BodyContext c = SseHooks.context(facade);
    if (c != null) {
      // Not finished: its end is the server's breaking the response off (rare, so allocated here).
      c.onContainerCompleted(new IllegalStateException("recycled unfinished"));
    }
  }
}
