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

  private ContainerFinishInstrumentation(String type, String method, int arguments, String advice) {
    this.type = type;
    this.method = method;
    this.arguments = arguments;
    this.advice = advice;
  }

  /** Tomcat 9, 10 and 11: {@code Response.finishResponse()}. */
  static ContainerFinishInstrumentation tomcat() {
    return new ContainerFinishInstrumentation(
        "org.apache.catalina.connector.Response", "finishResponse", 0, PKG + "TomcatFinishAdvice");
  }

  /** Jetty 12 (ee10): {@code ServletContextResponse.completeOutput(Callback)}. */
  static ContainerFinishInstrumentation jetty12() {
    return new ContainerFinishInstrumentation(
        "org.eclipse.jetty.ee10.servlet.ServletContextResponse",
        "completeOutput",
        1,
        PKG + "Jetty12FinishAdvice");
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
  }
}
