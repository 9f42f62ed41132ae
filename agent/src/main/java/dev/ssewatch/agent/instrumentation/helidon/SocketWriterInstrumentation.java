package dev.ssewatch.agent.instrumentation.helidon;

import static dev.ssewatch.agent.instrumentation.ClassLoaderHasClass.hasClassNamed;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.ssewatch.agent.instrumentation.ClassLoaderHasClass;
import dev.ssewatch.agent.instrumentation.TypeInstrumentation;
import dev.ssewatch.agent.instrumentation.TypeMatcher;

/**
 * {@code io.helidon.common.socket.SocketWriter} and its subclasses, a connection's writer: {@code
 * write(BufferData)} and {@code writeNow(BufferData)}. Only the writer of a connection that carries
 * an event stream is bound, so other writes stop at one failed lookup.
 */
final class SocketWriterInstrumentation implements TypeInstrumentation {

  private static final String WRITER = "io.helidon.common.socket.SocketWriter";

  @Override
  public ClassLoaderHasClass classLoaderOptimization() {
    return hasClassNamed(SseSinkInstrumentation.SINK);
  }

  @Override
  public TypeMatcher typeMatcher() {
    return TypeMatcher.hasSuperType(WRITER).classesOnly();
  }

  @Override
  public void transform(AdviceRegistry registry) {
    registry.apply(
        named("write")
            .or(named("writeNow"))
            .and(not(isAbstract()))
            .and(takesArguments(1))
            .and(takesArgument(0, named("io.helidon.common.buffers.BufferData"))),
        "dev.ssewatch.agent.instrumentation.helidon.SocketWriteAdvice");
  }
}
