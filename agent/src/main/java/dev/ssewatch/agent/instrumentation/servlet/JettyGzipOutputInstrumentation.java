package dev.ssewatch.agent.instrumentation.servlet;

import static dev.ssewatch.agent.instrumentation.ClassLoaderHasClass.hasClassNamed;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.ssewatch.agent.instrumentation.ClassLoaderHasClass;
import dev.ssewatch.agent.instrumentation.TypeInstrumentation;
import dev.ssewatch.agent.instrumentation.TypeMatcher;
import java.nio.ByteBuffer;

/**
 * Jetty 12's {@code GzipHandler}, below the servlet layer: every buffer its compressor produces
 * (the gzip header, the deflated blocks, the trailer) leaves through one private method of the
 * callback that drives the deflater, {@code GzipResponseAndCallback.GzipBufferCB.write(boolean,
 * ByteBuffer)}, on its way to the connection. Only compressed output passes there: a response the
 * handler leaves alone goes around it, so a response that is not compressed never reaches this
 * advice, and a compressed one that is not a recorded event stream costs a lookup per block.
 */
final class JettyGzipOutputInstrumentation implements TypeInstrumentation {

  private static final String TYPE =
      "org.eclipse.jetty.server.handler.gzip.GzipResponseAndCallback$GzipBufferCB";

  @Override
  public ClassLoaderHasClass classLoaderOptimization() {
    return hasClassNamed(TYPE);
  }

  @Override
  public TypeMatcher typeMatcher() {
    return TypeMatcher.named(TYPE);
  }

  @Override
  public void transform(AdviceRegistry registry) {
    registry.apply(
        named("write").and(takesArguments(boolean.class, ByteBuffer.class)),
        "dev.ssewatch.agent.instrumentation.servlet.container.JettyGzipOutputAdvice");
  }
}
