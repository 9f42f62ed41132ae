package dev.ssewatch.agent.instrumentation.servlet;

import static dev.ssewatch.agent.instrumentation.ClassLoaderHasClass.hasClassNamed;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.ssewatch.agent.instrumentation.ClassLoaderHasClass;
import dev.ssewatch.agent.instrumentation.TypeInstrumentation;
import dev.ssewatch.agent.instrumentation.TypeMatcher;

/**
 * Tomcat's connector compression (Tomcat 9, 10 and 11, HTTP/1.1 and HTTP/2): its {@code
 * GzipOutputFilter} compresses below the Servlet API and writes the gzip stream through an inner
 * {@code FakeOutputStream} to the chunked encoding. The filter is told the response it serves
 * ({@code setResponse}) only when it is made active for one, once per compressed response: there
 * the agent ties the filter's inner stream to that response's event stream; the inner stream's
 * writes are the compressed body, a lookup that misses for any response not so tied. Over HTTP/2
 * the stream's processor makes a filter of its own for each compressed response and adds it to the
 * response's {@code Http2OutputBuffer} ({@code addFilter}) without ever calling {@code
 * setResponse}: that is where the tie is made there.
 */
final class TomcatCompressionInstrumentation implements TypeInstrumentation {

  private static final String PKG = "dev.ssewatch.agent.instrumentation.servlet.container.";
  private static final String FILTER = "org.apache.coyote.http11.filters.GzipOutputFilter";
  private static final String HTTP2_BUFFER = "org.apache.coyote.http2.Http2OutputBuffer";

  private final String type;
  private final boolean output;

  private TomcatCompressionInstrumentation(String type, boolean output) {
    this.type = type;
    this.output = output;
  }

  /** {@code Http2OutputBuffer.addFilter(OutputFilter)}: a compressed HTTP/2 response commits. */
  static TomcatCompressionInstrumentation http2() {
    return new TomcatCompressionInstrumentation(HTTP2_BUFFER, false);
  }

  /** {@code GzipOutputFilter.setResponse(Response)}: the filter is active for a response. */
  static TomcatCompressionInstrumentation filter() {
    return new TomcatCompressionInstrumentation(FILTER, false);
  }

  /** {@code GzipOutputFilter$FakeOutputStream}'s writes: the compressed bytes. */
  static TomcatCompressionInstrumentation output() {
    return new TomcatCompressionInstrumentation(FILTER + "$FakeOutputStream", true);
  }

  @Override
  public ClassLoaderHasClass classLoaderOptimization() {
    return hasClassNamed(FILTER);
  }

  @Override
  public TypeMatcher typeMatcher() {
    return TypeMatcher.named(type);
  }

  @Override
  public void transform(AdviceRegistry registry) {
    if (output) {
      registry.apply(
          named("write").and(takesArguments(byte[].class, int.class, int.class)),
          PKG + "TomcatGzipBytesAdvice");
      registry.apply(named("write").and(takesArguments(int.class)), PKG + "TomcatGzipByteAdvice");
    } else if (type.equals(HTTP2_BUFFER)) {
      registry.apply(named("addFilter").and(takesArguments(1)), PKG + "TomcatH2GzipFilterAdvice");
    } else {
      registry.apply(named("setResponse").and(takesArguments(1)), PKG + "TomcatGzipFilterAdvice");
    }
  }
}
