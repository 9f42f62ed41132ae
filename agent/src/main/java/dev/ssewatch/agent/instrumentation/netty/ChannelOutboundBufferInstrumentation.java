package dev.ssewatch.agent.instrumentation.netty;

import static dev.ssewatch.agent.instrumentation.ClassLoaderHasClass.hasClassNamed;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.ssewatch.agent.instrumentation.TypeInstrumentation;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code ChannelOutboundBuffer}: {@code addFlush()} is where written messages are handed to the
 * socket, {@code close(...)} where the connection's life ends, for every transport.
 */
final class ChannelOutboundBufferInstrumentation implements TypeInstrumentation {

  @Override
  public ElementMatcher<ClassLoader> classLoaderOptimization() {
    return hasClassNamed("io.netty.channel.ChannelOutboundBuffer");
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named("io.netty.channel.ChannelOutboundBuffer");
  }

  @Override
  public void transform(AdviceRegistry registry) {
    registry.apply(
        named("addFlush").and(takesArguments(0)),
        "dev.ssewatch.agent.instrumentation.netty.AddFlushAdvice");
    registry.apply(named("close"), "dev.ssewatch.agent.instrumentation.netty.ChannelCloseAdvice");
  }
}
