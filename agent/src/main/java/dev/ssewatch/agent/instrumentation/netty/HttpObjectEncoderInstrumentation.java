package dev.ssewatch.agent.instrumentation.netty;

import static dev.ssewatch.agent.instrumentation.ClassLoaderHasClass.hasClassNamed;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.ssewatch.agent.instrumentation.ClassLoaderHasClass;
import dev.ssewatch.agent.instrumentation.TypeInstrumentation;
import dev.ssewatch.agent.instrumentation.TypeMatcher;

/**
 * {@code HttpObjectEncoder.write}: every outbound HTTP message of a server passes it before it is
 * encoded (and released), whichever codec class the server uses ({@code HttpServerCodec}, {@code
 * HttpResponseEncoder}).
 */
final class HttpObjectEncoderInstrumentation implements TypeInstrumentation {

  @Override
  public ClassLoaderHasClass classLoaderOptimization() {
    return hasClassNamed("io.netty.handler.codec.http.HttpObjectEncoder");
  }

  @Override
  public TypeMatcher typeMatcher() {
    return TypeMatcher.named("io.netty.handler.codec.http.HttpObjectEncoder");
  }

  @Override
  public void transform(AdviceRegistry registry) {
    registry.apply(
        named("write").and(takesArguments(3)),
        "dev.ssewatch.agent.instrumentation.netty.HttpEncodeAdvice");
  }
}
