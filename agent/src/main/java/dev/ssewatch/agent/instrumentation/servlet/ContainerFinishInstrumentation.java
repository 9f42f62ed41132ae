package dev.ssewatch.agent.instrumentation.servlet;

import static dev.ssewatch.agent.instrumentation.ClassLoaderHasClass.hasClassNamed;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.ssewatch.agent.instrumentation.ClassLoaderHasClass;
import dev.ssewatch.agent.instrumentation.TypeInstrumentation;
import dev.ssewatch.agent.instrumentation.TypeMatcher;

/**
 * Where a container finishes a response after the application returned: it writes what its buffer
 * still holds, and a response that was never flushed commits only there, with the headers the
 * container adds itself ({@code Content-Length}, {@code Content-Encoding}). One named class per
 * container: the only way to see those headers without depending on timing.
 */
final class ContainerFinishInstrumentation implements TypeInstrumentation {

  private static final String PKG = "dev.ssewatch.agent.instrumentation.servlet.container.";

  private final String type;
  private final String method;
  private final int arguments;
  private final String advice;

  /** A method without arguments advised as well, and its advice, or {@code null}. */
  private final String end;

  private final String endAdvice;

  private ContainerFinishInstrumentation(String type, String method, int arguments, String advice) {
    this(type, method, arguments, advice, null, null);
  }

  private ContainerFinishInstrumentation(
      String type, String method, int arguments, String advice, String end, String endAdvice) {
    this.type = type;
    this.method = method;
    this.arguments = arguments;
    this.advice = advice;
    this.end = end;
    this.endAdvice = endAdvice;
  }

  /**
   * Tomcat 9, 10 and 11: {@code Response.finishResponse()}, and {@code Response.recycle()}, where
   * every request ends, including those whose finish the agent does not see (an async timeout).
   */
  static ContainerFinishInstrumentation tomcat() {
    return new ContainerFinishInstrumentation(
        "org.apache.catalina.connector.Response",
        "finishResponse",
        0,
        PKG + "TomcatFinishAdvice",
        "recycle",
        PKG + "TomcatRecycleAdvice");
  }

  /** Jetty 12 (ee10): {@code ServletContextResponse.completeOutput(Callback)}. */
  static ContainerFinishInstrumentation jetty12() {
    return new ContainerFinishInstrumentation(
        "org.eclipse.jetty.ee10.servlet.ServletContextResponse",
        "completeOutput",
        1,
        PKG + "Jetty12FinishAdvice");
  }

  /**
   * Jetty 12 (ee10): {@code ServletChannelState.completeResponse()}, where every request ends,
   * including those that never reach {@code completeOutput} (aborted, timed out, shorter than their
   * {@code Content-Length}).
   */
  static ContainerFinishInstrumentation jetty12Completion() {
    return new ContainerFinishInstrumentation(
        "org.eclipse.jetty.ee10.servlet.ServletChannelState",
        "completeResponse",
        0,
        PKG + "Jetty12CompletionAdvice");
  }

  /** Undertow 2.x's servlet layer: {@code HttpServletResponseImpl.responseDone()}. */
  static ContainerFinishInstrumentation undertow() {
    return new ContainerFinishInstrumentation(
        "io.undertow.servlet.spec.HttpServletResponseImpl",
        "responseDone",
        0,
        PKG + "UndertowFinishAdvice");
  }

  @Override
  public ClassLoaderHasClass classLoaderOptimization() {
    return hasClassNamed(type);
  }

  @Override
  public TypeMatcher typeMatcher() {
    return TypeMatcher.named(type);
  }

  @Override
  public void transform(AdviceRegistry registry) {
    registry.apply(named(method).and(takesArguments(arguments)), advice);
    if (end != null) {
      registry.apply(named(end).and(takesArguments(0)), endAdvice);
    }
  }
}
