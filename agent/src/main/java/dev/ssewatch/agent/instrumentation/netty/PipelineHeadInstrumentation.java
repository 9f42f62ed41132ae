package dev.ssewatch.agent.instrumentation.netty;

import static dev.ssewatch.agent.instrumentation.ClassLoaderHasClass.hasClassNamed;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.ssewatch.agent.instrumentation.ClassLoaderHasClass;
import dev.ssewatch.agent.instrumentation.TypeInstrumentation;
import dev.ssewatch.agent.instrumentation.TypeMatcher;

/**
 * The pipeline's head, where it meets the transport: {@code close(...)} is where every close the
 * server asks for through its pipeline arrives, and {@code exceptionCaught(...)} where the
 * transport's read failures enter it. The transport's own closes (the peer's end of stream, a
 * failed write) bypass the head, which is what tells a server's close from a client's.
 */
final class PipelineHeadInstrumentation implements TypeInstrumentation {

  @Override
  public ClassLoaderHasClass classLoaderOptimization() {
    return hasClassNamed("io.netty.channel.DefaultChannelPipeline");
  }

  @Override
  public TypeMatcher typeMatcher() {
    return TypeMatcher.named("io.netty.channel.DefaultChannelPipeline$HeadContext");
  }

  @Override
  public void transform(AdviceRegistry registry) {
    registry.apply(
        named("close").and(takesArguments(2)),
        "dev.ssewatch.agent.instrumentation.netty.ServerCloseAdvice");
    registry.apply(
        named("exceptionCaught").and(takesArguments(2)),
        "dev.ssewatch.agent.instrumentation.netty.TransportFailureAdvice");
  }
}
