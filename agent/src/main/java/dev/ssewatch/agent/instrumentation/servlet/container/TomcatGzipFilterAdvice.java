package dev.ssewatch.agent.instrumentation.servlet.container;

import dev.ssewatch.agent.bootstrap.SseHooks;
import net.bytebuddy.asm.Advice;

/**
 * Tomcat's {@code GzipOutputFilter.setResponse(Response)}: the filter was made active for the
 * coyote response being committed; its compressed output goes through its {@code fakeOutputStream}
 * (a field of the same name in Tomcat 9 to 11).
 */
public final class TomcatGzipFilterAdvice {

  private TomcatGzipFilterAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(
      @Advice.Argument(0) Object response, @Advice.FieldValue("fakeOutputStream") Object output) {
    SseHooks.tomcatCompressor(response, output);
  }
}
