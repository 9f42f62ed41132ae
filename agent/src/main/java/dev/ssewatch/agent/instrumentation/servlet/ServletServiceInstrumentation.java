package dev.ssewatch.agent.instrumentation.servlet;

import static dev.ssewatch.agent.instrumentation.ClassLoaderHasClass.hasClassNamed;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.ssewatch.agent.instrumentation.ClassLoaderHasClass;
import dev.ssewatch.agent.instrumentation.TypeInstrumentation;
import dev.ssewatch.agent.instrumentation.TypeMatcher;

/**
 * Where an exchange enters the application: {@code service(ServletRequest, ServletResponse)} of
 * every servlet class that implements it, and {@code doFilter(ServletRequest, ServletResponse,
 * FilterChain)} of every filter. Not only {@code HttpServlet}'s: frameworks override {@code
 * service} without calling it (Jersey's {@code ServletContainer}) or answer from a filter without
 * reaching a servlet. The outermost call owns the exchange; nested ones (a filter's chain, an
 * overriding servlet calling {@code super}, a forward) find it open and leave it alone.
 */
final class ServletServiceInstrumentation implements TypeInstrumentation {

  private final String ns;
  private final String type;
  private final String method;
  private final int arguments;
  private final String advice;

  private ServletServiceInstrumentation(
      String ns, String type, String method, int arguments, String advice) {
    this.ns = ns;
    this.type = type;
    this.method = method;
    this.arguments = arguments;
    this.advice = advice;
  }

  /** {@code Servlet.service} of every servlet class. */
  static ServletServiceInstrumentation servlets(String ns, String advice) {
    return new ServletServiceInstrumentation(ns, ns + ".Servlet", "service", 2, advice);
  }

  /** {@code Filter.doFilter} of every filter class. */
  static ServletServiceInstrumentation filters(String ns, String advice) {
    return new ServletServiceInstrumentation(ns, ns + ".Filter", "doFilter", 3, advice);
  }

  @Override
  public ClassLoaderHasClass classLoaderOptimization() {
    return hasClassNamed(type);
  }

  @Override
  public TypeMatcher typeMatcher() {
    // Most servlets and filters inherit service or doFilter: only the classes that declare it are
    // rewritten (on Spring, hundreds of filter and servlet classes load at startup).
    String api = "L" + ns.replace('.', '/') + "/";
    String descriptor =
        "("
            + api
            + "ServletRequest;"
            + api
            + "ServletResponse;"
            + (arguments == 3 ? api + "FilterChain;" : "")
            + ")V";
    return TypeMatcher.hasSuperType(type).classesOnly().declaring(method, descriptor);
  }

  @Override
  public void transform(AdviceRegistry registry) {
    registry.apply(
        named(method)
            .and(isPublic())
            .and(not(isAbstract()))
            .and(takesArguments(arguments))
            .and(takesArgument(0, named(ns + ".ServletRequest")))
            .and(takesArgument(1, named(ns + ".ServletResponse"))),
        advice);
  }
}
