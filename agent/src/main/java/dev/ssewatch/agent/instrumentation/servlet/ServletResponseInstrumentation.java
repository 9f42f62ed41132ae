package dev.ssewatch.agent.instrumentation.servlet;

import static dev.ssewatch.agent.instrumentation.ClassLoaderHasClass.hasClassNamed;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.ssewatch.agent.instrumentation.ClassLoaderHasClass;
import dev.ssewatch.agent.instrumentation.TypeInstrumentation;
import dev.ssewatch.agent.instrumentation.TypeMatcher;

/**
 * The container's response: {@code getOutputStream()} and {@code getWriter()} name the body object
 * whose writes the agent follows; {@code flushBuffer()} commits it like a flush of the body.
 * Wrappers are left out: they hand out the container's body or one that writes to it, and counting
 * both would count twice.
 */
final class ServletResponseInstrumentation implements TypeInstrumentation {

  private static final String COMMON = "dev.ssewatch.agent.instrumentation.servlet.common.";

  /** The advice every body stream shares, servlet or not. */
  private static final String BODY = "dev.ssewatch.agent.instrumentation.body.";

  private final String ns;
  private final String advice;

  ServletResponseInstrumentation(String ns, String advice) {
    this.ns = ns;
    this.advice = advice;
  }

  @Override
  public ClassLoaderHasClass classLoaderOptimization() {
    return hasClassNamed(ns + ".ServletResponse");
  }

  @Override
  public TypeMatcher typeMatcher() {
    return TypeMatcher.hasSuperType(ns + ".ServletResponse")
        .classesOnly()
        .exceptSubtypesOf(ns + ".ServletResponseWrapper");
  }

  @Override
  public void transform(AdviceRegistry registry) {
    registry.apply(named("getOutputStream").and(takesArguments(0)), advice);
    registry.apply(named("getWriter").and(takesArguments(0)), advice);
    registry.apply(named("flushBuffer").and(takesArguments(0)), BODY + "FlushAdvice");
    registry.apply(
        named("setContentLength").and(takesArguments(int.class)),
        COMMON + "ContentLengthIntAdvice");
    registry.apply(
        named("setContentLengthLong").and(takesArguments(long.class)),
        COMMON + "ContentLengthAdvice");
  }
}
