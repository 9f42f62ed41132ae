package dev.ssewatch.agent.instrumentation.servlet.container;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.agent.bootstrap.SseHooks;
import net.bytebuddy.asm.Advice;

/**
 * Tomcat's {@code Response.finishResponse()}: the response is written and its headers final. The
 * agent's key is the facade the application was handed (a field of the same name in Tomcat 9 to
 * 11).
 */
public final class TomcatFinishAdvice {

  private TomcatFinishAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.FieldValue("facade") Object facade, @Advice.Thrown Throwable thrown) {
    BodyContext c = SseHooks.context(facade);
    if (c != null) {
      c.onContainerFinished(thrown);
    }
  }
}
