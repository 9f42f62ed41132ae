package dev.ssewatch.agent.instrumentation.undertow;

import static dev.ssewatch.agent.instrumentation.ClassLoaderHasClass.hasClassNamed;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.ssewatch.agent.instrumentation.ClassLoaderHasClass;
import dev.ssewatch.agent.instrumentation.TypeInstrumentation;
import dev.ssewatch.agent.instrumentation.TypeMatcher;

/**
 * {@code HttpServerExchange}: {@code getResponseChannel()} commits the response (its headers can no
 * longer change) and {@code terminateResponse()} marks it fully written.
 */
final class HttpServerExchangeInstrumentation implements TypeInstrumentation {

  static final String EXCHANGE = "io.undertow.server.HttpServerExchange";

  @Override
  public ClassLoaderHasClass classLoaderOptimization() {
    return hasClassNamed(EXCHANGE);
  }

  @Override
  public TypeMatcher typeMatcher() {
    return TypeMatcher.named(EXCHANGE);
  }

  @Override
  public void transform(AdviceRegistry registry) {
    registry.apply(
        named("getResponseChannel").and(takesArguments(0)),
        "dev.ssewatch.agent.instrumentation.undertow.ResponseChannelAdvice");
    registry.apply(
        named("terminateResponse").and(takesArguments(0)),
        "dev.ssewatch.agent.instrumentation.undertow.TerminateResponseAdvice");
  }
}
