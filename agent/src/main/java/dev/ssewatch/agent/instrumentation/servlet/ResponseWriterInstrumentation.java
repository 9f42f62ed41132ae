package dev.ssewatch.agent.instrumentation.servlet;

import static dev.ssewatch.agent.instrumentation.ClassLoaderHasClass.hasClassNamed;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.ssewatch.agent.instrumentation.ClassLoaderHasClass;
import dev.ssewatch.agent.instrumentation.TypeInstrumentation;
import dev.ssewatch.agent.instrumentation.TypeMatcher;

/**
 * The characters of a servlet body written through {@code getWriter()}. Containers return their own
 * {@code PrintWriter} subclass, which some (Tomcat) feed straight into the response buffer,
 * bypassing the output stream. One instrumentation for both namespaces, so that a class is never
 * advised twice.
 */
final class ResponseWriterInstrumentation implements TypeInstrumentation {

  private static final String COMMON = "dev.ssewatch.agent.instrumentation.servlet.common.";

  /** The advice every body stream shares, servlet or not. */
  private static final String BODY = "dev.ssewatch.agent.instrumentation.body.";

  @Override
  public ClassLoaderHasClass classLoaderOptimization() {
    return hasClassNamed("jakarta.servlet.ServletResponse", "javax.servlet.ServletResponse");
  }

  @Override
  public TypeMatcher typeMatcher() {
    // PrintWriter is a class: no interface can extend it. Saying so lets an interface of the
    // application be defined without its super types being looked up.
    return TypeMatcher.hasSuperType("java.io.PrintWriter")
        .classesOnly()
        .exceptNamesStartingWith("java.");
  }

  @Override
  public void transform(AdviceRegistry registry) {
    registry.apply(
        named("write")
            .and(not(isAbstract()))
            .and(takesArguments(char[].class, int.class, int.class)),
        COMMON + "WriteCharsAdvice");
    registry.apply(
        named("write")
            .and(not(isAbstract()))
            .and(takesArguments(String.class, int.class, int.class)),
        COMMON + "WriteStringAdvice");
    registry.apply(
        named("write").and(not(isAbstract())).and(takesArguments(int.class)),
        COMMON + "WriteCharAdvice");
    registry.apply(
        named("flush").and(not(isAbstract())).and(takesArguments(0)), BODY + "FlushAdvice");
    registry.apply(
        named("close").and(not(isAbstract())).and(takesArguments(0)), BODY + "CloseAdvice");
    registry.apply(
        named("checkError").and(takesArguments(0)).and(returns(boolean.class)),
        COMMON + "CheckErrorAdvice");
  }
}
