package dev.ssewatch.agent.instrumentation.undertow;

import static dev.ssewatch.agent.instrumentation.ClassLoaderHasClass.hasClassNamed;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.ssewatch.agent.instrumentation.ClassLoaderHasClass;
import dev.ssewatch.agent.instrumentation.TypeInstrumentation;
import dev.ssewatch.agent.instrumentation.TypeMatcher;

/**
 * {@code DeflatingStreamSinkConduit}, the compressor of Undertow's gzip and deflate codings (its
 * subclass {@code GzipStreamSinkConduit} adds the gzip header and trailer through the same
 * buffers): the coded bytes as they leave it for the connection, before any chunk framing.
 */
final class DeflatingConduitInstrumentation implements TypeInstrumentation {

  @Override
  public ClassLoaderHasClass classLoaderOptimization() {
    return hasClassNamed(HttpServerExchangeInstrumentation.EXCHANGE);
  }

  @Override
  public TypeMatcher typeMatcher() {
    return TypeMatcher.named("io.undertow.conduits.DeflatingStreamSinkConduit");
  }

  @Override
  public void transform(AdviceRegistry registry) {
    registry.apply(
        named("performFlushIfRequiredSingleBuffer")
            .or(named("performFlushIfRequiredAdditionalBuffer"))
            .and(takesArguments(0))
            .and(returns(boolean.class)),
        "dev.ssewatch.agent.instrumentation.undertow.CompressedWriteAdvice");
  }
}
