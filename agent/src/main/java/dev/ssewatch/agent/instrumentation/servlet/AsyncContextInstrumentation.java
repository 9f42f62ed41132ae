package dev.ssewatch.agent.instrumentation.servlet;

import static dev.ssewatch.agent.instrumentation.ClassLoaderHasClass.hasClassNamed;
import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.ssewatch.agent.instrumentation.TypeInstrumentation;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** {@code AsyncContext.complete()}: how asynchronous (SseEmitter, JAX-RS SSE) exchanges end. */
final class AsyncContextInstrumentation implements TypeInstrumentation {

  private final String ns;
  private final String advice;

  AsyncContextInstrumentation(String ns, String advice) {
    this.ns = ns;
    this.advice = advice;
  }

  @Override
  public ElementMatcher<ClassLoader> classLoaderOptimization() {
    return hasClassNamed(ns + ".AsyncContext");
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return not(isInterface()).and(hasSuperType(named(ns + ".AsyncContext")));
  }

  @Override
  public void transform(AdviceRegistry registry) {
    registry.apply(named("complete").and(takesArguments(0)), advice);
  }
}
