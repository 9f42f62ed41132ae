package dev.ssewatch.agent.instrumentation.servlet;

import static dev.ssewatch.agent.instrumentation.ClassLoaderHasClass.hasClassNamed;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.ssewatch.agent.instrumentation.ClassLoaderHasClass;
import dev.ssewatch.agent.instrumentation.TypeInstrumentation;
import dev.ssewatch.agent.instrumentation.TypeMatcher;

/**
 * {@code HttpServlet.service(ServletRequest, ServletResponse)}: every servlet request passes it.
 */
final class HttpServletInstrumentation implements TypeInstrumentation {

  private final String ns;
  private final String advice;

  HttpServletInstrumentation(String ns, String advice) {
    this.ns = ns;
    this.advice = advice;
  }

  @Override
  public ClassLoaderHasClass classLoaderOptimization() {
    return hasClassNamed(ns + ".http.HttpServlet");
  }

  @Override
  public TypeMatcher typeMatcher() {
    return TypeMatcher.named(ns + ".http.HttpServlet");
  }

  @Override
  public void transform(AdviceRegistry registry) {
    registry.apply(
        named("service")
            .and(isPublic())
            .and(takesArguments(2))
            .and(takesArgument(0, named(ns + ".ServletRequest")))
            .and(takesArgument(1, named(ns + ".ServletResponse"))),
        advice);
  }
}
