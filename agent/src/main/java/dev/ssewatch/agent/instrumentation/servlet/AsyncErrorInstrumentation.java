package dev.ssewatch.agent.instrumentation.servlet;

import static dev.ssewatch.agent.instrumentation.ClassLoaderHasClass.hasClassNamed;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.ssewatch.agent.instrumentation.ClassLoaderHasClass;
import dev.ssewatch.agent.instrumentation.TypeInstrumentation;
import dev.ssewatch.agent.instrumentation.TypeMatcher;

/**
 * How asynchronous servlet output learns that the client went away: not as an exception from a
 * write, but as {@code onError} of the exchange's {@code WriteListener} or {@code AsyncListener}
 * (RESTEasy's event output). Both listener types, in both namespaces.
 */
final class AsyncErrorInstrumentation implements TypeInstrumentation {

  private final String listener;
  private final String advice;

  AsyncErrorInstrumentation(String listener, String advice) {
    this.listener = listener;
    this.advice = advice;
  }

  @Override
  public ClassLoaderHasClass classLoaderOptimization() {
    return hasClassNamed(listener);
  }

  @Override
  public TypeMatcher typeMatcher() {
    return TypeMatcher.hasSuperType(listener).classesOnly();
  }

  @Override
  public void transform(AdviceRegistry registry) {
    registry.apply(named("onError").and(not(isAbstract())).and(takesArguments(1)), advice);
  }
}
