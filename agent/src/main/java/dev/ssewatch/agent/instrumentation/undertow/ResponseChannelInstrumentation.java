package dev.ssewatch.agent.instrumentation.undertow;

import static dev.ssewatch.agent.instrumentation.ClassLoaderHasClass.hasClassNamed;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.ssewatch.agent.instrumentation.ClassLoaderHasClass;
import dev.ssewatch.agent.instrumentation.TypeInstrumentation;
import dev.ssewatch.agent.instrumentation.TypeMatcher;
import java.nio.ByteBuffer;

/**
 * {@code DetachableStreamSinkChannel}, which the exchange's response channel extends: the bytes of
 * non-blocking writers ({@code ServerSentEventConnection}, the asynchronous {@code Sender}) as they
 * enter the channel, above the HTTP framing, its flush and the end of its writes.
 */
final class ResponseChannelInstrumentation implements TypeInstrumentation {

  private static final String PKG = "dev.ssewatch.agent.instrumentation.undertow.";

  @Override
  public ClassLoaderHasClass classLoaderOptimization() {
    return hasClassNamed(HttpServerExchangeInstrumentation.EXCHANGE);
  }

  @Override
  public TypeMatcher typeMatcher() {
    return TypeMatcher.named("io.undertow.channels.DetachableStreamSinkChannel");
  }

  @Override
  public void transform(AdviceRegistry registry) {
    registry.apply(
        named("write").or(named("writeFinal")).and(takesArguments(ByteBuffer.class)),
        PKG + "ChannelWriteAdvice");
    registry.apply(
        named("write")
            .or(named("writeFinal"))
            .and(takesArguments(ByteBuffer[].class, int.class, int.class)),
        PKG + "ChannelWriteRangeAdvice");
    registry.apply(
        named("write").or(named("writeFinal")).and(takesArguments(ByteBuffer[].class)),
        PKG + "ChannelWriteAllAdvice");
    registry.apply(
        named("flush").and(takesArguments(0)).and(returns(boolean.class)),
        PKG + "ChannelFlushAdvice");
    registry.apply(named("shutdownWrites").and(takesArguments(0)), PKG + "ChannelShutdownAdvice");
  }
}
