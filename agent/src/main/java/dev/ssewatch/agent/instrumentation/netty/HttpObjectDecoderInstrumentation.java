package dev.ssewatch.agent.instrumentation.netty;

import static dev.ssewatch.agent.instrumentation.ClassLoaderHasClass.hasClassNamed;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.ssewatch.agent.instrumentation.ClassLoaderHasClass;
import dev.ssewatch.agent.instrumentation.TypeInstrumentation;
import dev.ssewatch.agent.instrumentation.TypeMatcher;

/** {@code HttpObjectDecoder.decode}: the request line and headers of each exchange. */
final class HttpObjectDecoderInstrumentation implements TypeInstrumentation {

  @Override
  public ClassLoaderHasClass classLoaderOptimization() {
    return hasClassNamed("io.netty.handler.codec.http.HttpObjectDecoder");
  }

  @Override
  public TypeMatcher typeMatcher() {
    return TypeMatcher.named("io.netty.handler.codec.http.HttpObjectDecoder");
  }

  @Override
  public void transform(AdviceRegistry registry) {
    registry.apply(
        named("decode").and(takesArguments(3)),
        "dev.ssewatch.agent.instrumentation.netty.HttpDecodeAdvice");
  }
}
