package dev.ssewatch.agent.instrumentation.servlet;

import static dev.ssewatch.agent.instrumentation.ClassLoaderHasClass.hasClassNamed;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.ssewatch.agent.instrumentation.TypeInstrumentation;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

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
  public ElementMatcher<ClassLoader> classLoaderOptimization() {
    return hasClassNamed(ns + ".http.HttpServlet");
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named(ns + ".http.HttpServlet");
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
