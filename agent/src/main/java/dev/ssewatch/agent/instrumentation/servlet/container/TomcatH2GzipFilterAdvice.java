package dev.ssewatch.agent.instrumentation.servlet.container;

import dev.ssewatch.agent.bootstrap.SseHooks;
import net.bytebuddy.asm.Advice;

/**
 * Tomcat's {@code Http2OutputBuffer.addFilter(OutputFilter)}: an HTTP/2 stream's response commits
 * through {@code filter}; when that is its {@code GzipOutputFilter} the agent reads the filter's
 * inner stream, which this class may not (a protected field of another package).
 */
public final class TomcatH2GzipFilterAdvice {

  private TomcatH2GzipFilterAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(
      @Advice.FieldValue("coyoteResponse") Object response, @Advice.Argument(0) Object filter) {
    // By name: the agent is not compiled against Tomcat; once per compressed response.
    if (filter.getClass().getName().equals("org.apache.coyote.http11.filters.GzipOutputFilter")) {
      SseHooks.tomcatCompressor(response, filter);
    }
  }
}
