package dev.ssewatch.agent.instrumentation.netty;

import static dev.ssewatch.agent.instrumentation.ClassLoaderHasClass.hasClassNamed;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.ssewatch.agent.instrumentation.ClassLoaderHasClass;
import dev.ssewatch.agent.instrumentation.TypeInstrumentation;
import dev.ssewatch.agent.instrumentation.TypeMatcher;

/**
 * {@code ChannelOutboundBuffer}: {@code addFlush()} is where written messages are handed to the
 * socket, {@code close(...)} where the connection's life ends, for every transport.
 */
final class ChannelOutboundBufferInstrumentation implements TypeInstrumentation {

  @Override
  public ClassLoaderHasClass classLoaderOptimization() {
    return hasClassNamed("io.netty.channel.ChannelOutboundBuffer");
  }

  @Override
  public TypeMatcher typeMatcher() {
    return TypeMatcher.named("io.netty.channel.ChannelOutboundBuffer");
  }

  @Override
  public void transform(AdviceRegistry registry) {
    registry.apply(
        named("addFlush").and(takesArguments(0)),
        "dev.ssewatch.agent.instrumentation.netty.AddFlushAdvice");
    registry.apply(named("close"), "dev.ssewatch.agent.instrumentation.netty.ChannelCloseAdvice");
  }
}
