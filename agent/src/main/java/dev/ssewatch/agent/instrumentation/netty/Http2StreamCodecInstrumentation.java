package dev.ssewatch.agent.instrumentation.netty;

import static dev.ssewatch.agent.instrumentation.ClassLoaderHasClass.hasClassNamed;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.ssewatch.agent.instrumentation.ClassLoaderHasClass;
import dev.ssewatch.agent.instrumentation.TypeInstrumentation;
import dev.ssewatch.agent.instrumentation.TypeMatcher;

/**
 * {@code Http2StreamFrameToHttpObjectCodec}, in the child channel of each HTTP/2 stream ({@code
 * Http2MultiplexHandler}; Reactor Netty's HTTP/2 server): its {@code decode} turns the stream's
 * headers frame into the {@code HttpRequest} the server reads, its {@code encode} the {@code
 * HttpResponse} and {@code HttpContent} the server writes into frames, so the HTTP/1 encoder never
 * sees them. The same advice as the HTTP/1 codec's, keyed by the stream's channel. Only the typed
 * methods, not their bridges, so that a message is read once.
 */
final class Http2StreamCodecInstrumentation implements TypeInstrumentation {

  private static final String CODEC =
      "io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec";

  @Override
  public ClassLoaderHasClass classLoaderOptimization() {
    return hasClassNamed(CODEC);
  }

  @Override
  public TypeMatcher typeMatcher() {
    return TypeMatcher.named(CODEC);
  }

  @Override
  public void transform(AdviceRegistry registry) {
    registry.apply(
        named("decode")
            .and(takesArguments(3))
            .and(takesArgument(1, named("io.netty.handler.codec.http2.Http2StreamFrame"))),
        "dev.ssewatch.agent.instrumentation.netty.Http2DecodeAdvice");
    registry.apply(
        named("encode")
            .and(takesArguments(3))
            .and(takesArgument(1, named("io.netty.handler.codec.http.HttpObject"))),
        "dev.ssewatch.agent.instrumentation.netty.HttpEncodeAdvice");
  }
}
