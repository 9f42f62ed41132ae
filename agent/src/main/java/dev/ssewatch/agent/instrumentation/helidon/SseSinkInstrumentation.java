package dev.ssewatch.agent.instrumentation.helidon;

import static dev.ssewatch.agent.instrumentation.ClassLoaderHasClass.hasClassNamed;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.ssewatch.agent.instrumentation.ClassLoaderHasClass;
import dev.ssewatch.agent.instrumentation.TypeInstrumentation;
import dev.ssewatch.agent.instrumentation.TypeMatcher;

/**
 * {@code io.helidon.webserver.sse.DataWriterSseSink}, what {@code res.sink(SseSink.TYPE)} returns:
 * {@code writeStatusAndHeaders()} commits the response, {@code close()} ends it.
 */
final class SseSinkInstrumentation implements TypeInstrumentation {

  static final String SINK = "io.helidon.webserver.sse.DataWriterSseSink";

  @Override
  public ClassLoaderHasClass classLoaderOptimization() {
    return hasClassNamed(SINK);
  }

  @Override
  public TypeMatcher typeMatcher() {
    return TypeMatcher.named(SINK);
  }

  @Override
  public void transform(AdviceRegistry registry) {
    registry.apply(
        named("writeStatusAndHeaders").and(takesArguments(0)),
        "dev.ssewatch.agent.instrumentation.helidon.SinkHeadAdvice");
    registry.apply(
        named("close").and(takesArguments(0)),
        "dev.ssewatch.agent.instrumentation.body.CloseAdvice");
  }
}
