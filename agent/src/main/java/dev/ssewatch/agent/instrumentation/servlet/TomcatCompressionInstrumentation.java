package dev.ssewatch.agent.instrumentation.servlet;

import static dev.ssewatch.agent.instrumentation.ClassLoaderHasClass.hasClassNamed;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.ssewatch.agent.instrumentation.ClassLoaderHasClass;
import dev.ssewatch.agent.instrumentation.TypeInstrumentation;
import dev.ssewatch.agent.instrumentation.TypeMatcher;

/**
 * Tomcat's connector compression (Tomcat 9, 10 and 11, HTTP/1.1): its {@code GzipOutputFilter}
 * compresses below the Servlet API and writes the gzip stream through an inner {@code
 * FakeOutputStream} to the chunked encoding. The filter is told the response it serves ({@code
 * setResponse}) only when it is made active for one, once per compressed response: there the agent
 * ties the filter's inner stream to that response's event stream; the inner stream's writes are the
 * compressed body, a lookup that misses for any response not so tied.
 */
final class TomcatCompressionInstrumentation implements TypeInstrumentation {

  private static final String PKG = "dev.ssewatch.agent.instrumentation.servlet.container.";
  private static final String FILTER = "org.apache.coyote.http11.filters.GzipOutputFilter";

  private final String type;
  private final boolean output;

  private TomcatCompressionInstrumentation(String type, boolean output) {
    this.type = type;
    this.output = output;
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
    } else {
      registry.apply(named("setResponse").and(takesArguments(1)), PKG + "TomcatGzipFilterAdvice");
    }
  }
}
