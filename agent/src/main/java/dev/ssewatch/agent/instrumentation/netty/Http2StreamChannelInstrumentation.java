package dev.ssewatch.agent.instrumentation.netty;

import static dev.ssewatch.agent.instrumentation.ClassLoaderHasClass.hasClassNamed;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.ssewatch.agent.instrumentation.ClassLoaderHasClass;
import dev.ssewatch.agent.instrumentation.TypeInstrumentation;
import dev.ssewatch.agent.instrumentation.TypeMatcher;

/**
 * The transport of an HTTP/2 stream's child channel ({@code AbstractHttp2StreamChannel}'s unsafe,
 * Netty 4.1 and 4.2). A child channel has no outbound buffer of its own: its {@code flush()} hands
 * the stream's frames to the connection and flushes it (or leaves that to the end of the
 * connection's read in progress), its {@code close(promise, error)} is where every end of the
 * stream arrives: the client's RST_STREAM, the connection's end, the server's own close.
 */
final class Http2StreamChannelInstrumentation implements TypeInstrumentation {

  private static final String CHANNEL = "io.netty.handler.codec.http2.AbstractHttp2StreamChannel";

  @Override
  public ClassLoaderHasClass classLoaderOptimization() {
    return hasClassNamed(CHANNEL);
  }

  @Override
  public TypeMatcher typeMatcher() {
    return TypeMatcher.named(CHANNEL + "$Http2ChannelUnsafe");
  }

  @Override
  public void transform(AdviceRegistry registry) {
    registry.apply(
        named("flush").and(takesArguments(0)),
        "dev.ssewatch.agent.instrumentation.netty.Http2StreamFlushAdvice");
    registry.apply(
        named("close").and(takesArguments(2)),
        "dev.ssewatch.agent.instrumentation.netty.Http2StreamCloseAdvice");
  }
}
