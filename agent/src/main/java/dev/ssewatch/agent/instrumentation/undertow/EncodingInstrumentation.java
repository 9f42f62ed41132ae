package dev.ssewatch.agent.instrumentation.undertow;

import static dev.ssewatch.agent.instrumentation.ClassLoaderHasClass.hasClassNamed;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.ssewatch.agent.instrumentation.ClassLoaderHasClass;
import dev.ssewatch.agent.instrumentation.TypeInstrumentation;
import dev.ssewatch.agent.instrumentation.TypeMatcher;

/**
 * {@code AllowedContentEncodings}, through which Undertow's {@code EncodingHandler} puts its
 * compressor in front of a response as the response commits (Spring Boot's compression on Undertow
 * sets one up).
 */
final class EncodingInstrumentation implements TypeInstrumentation {

  @Override
  public ClassLoaderHasClass classLoaderOptimization() {
    return hasClassNamed(HttpServerExchangeInstrumentation.EXCHANGE);
  }

  @Override
  public TypeMatcher typeMatcher() {
    return TypeMatcher.named("io.undertow.server.handlers.encoding.AllowedContentEncodings");
  }

  @Override
  public void transform(AdviceRegistry registry) {
    registry.apply(
        named("wrap").and(takesArguments(2)),
        "dev.ssewatch.agent.instrumentation.undertow.EncodingWrapAdvice");
  }
}
