package dev.ssewatch.agent.instrumentation.netty;

import static dev.ssewatch.agent.instrumentation.ClassLoaderHasClass.hasClassNamed;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.ssewatch.agent.instrumentation.ClassLoaderHasClass;
import dev.ssewatch.agent.instrumentation.TypeInstrumentation;
import dev.ssewatch.agent.instrumentation.TypeMatcher;

/**
 * The timer task of {@code IdleStateHandler} (and of {@code ReadTimeoutHandler}, which extends it):
 * a close the server makes while it runs, answering the idle event, is an idle timeout.
 */
final class IdleTimerInstrumentation implements TypeInstrumentation {

  @Override
  public ClassLoaderHasClass classLoaderOptimization() {
    return hasClassNamed("io.netty.handler.timeout.IdleStateHandler");
  }

  @Override
  public TypeMatcher typeMatcher() {
    return TypeMatcher.named("io.netty.handler.timeout.IdleStateHandler$AbstractIdleTask");
  }

  @Override
  public void transform(AdviceRegistry registry) {
    registry.apply(
        named("run").and(takesArguments(0)),
        "dev.ssewatch.agent.instrumentation.netty.IdleTimerAdvice");
  }
}
