package dev.ssewatch.agent.instrumentation.servlet;

import static dev.ssewatch.agent.instrumentation.ClassLoaderHasClass.hasClassNamed;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.ssewatch.agent.instrumentation.ClassLoaderHasClass;
import dev.ssewatch.agent.instrumentation.TypeInstrumentation;
import dev.ssewatch.agent.instrumentation.TypeMatcher;

/** {@code AsyncContext.complete()}: how asynchronous (SseEmitter, JAX-RS SSE) exchanges end. */
final class AsyncContextInstrumentation implements TypeInstrumentation {

  private final String ns;
  private final String advice;

  AsyncContextInstrumentation(String ns, String advice) {
    this.ns = ns;
    this.advice = advice;
  }

  @Override
  public ClassLoaderHasClass classLoaderOptimization() {
    return hasClassNamed(ns + ".AsyncContext");
  }

  @Override
  public TypeMatcher typeMatcher() {
    return TypeMatcher.hasSuperType(ns + ".AsyncContext").classesOnly();
  }

  @Override
  public void transform(AdviceRegistry registry) {
    registry.apply(named("complete").and(takesArguments(0)), advice);
  }
}
