package dev.ssewatch.agent.instrumentation.undertow;

import static dev.ssewatch.agent.instrumentation.ClassLoaderHasClass.hasClassNamed;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.ssewatch.agent.instrumentation.ClassLoaderHasClass;
import dev.ssewatch.agent.instrumentation.TypeInstrumentation;
import dev.ssewatch.agent.instrumentation.TypeMatcher;
import java.nio.ByteBuffer;

/**
 * {@code UndertowOutputStream}, the body of a blocking exchange: it buffers what the application
 * writes until a flush (or a full buffer), so the application's writes are seen here, not at the
 * channel, and its flush is the write toward the socket. {@code write(int)}, {@code write(byte[])}
 * and {@code write(ByteBuffer)} pass through the advised methods.
 */
final class UndertowOutputStreamInstrumentation implements TypeInstrumentation {

  private static final String PKG = "dev.ssewatch.agent.instrumentation.undertow.";
  private static final String BODY = "dev.ssewatch.agent.instrumentation.body.";

  @Override
  public ClassLoaderHasClass classLoaderOptimization() {
    return hasClassNamed(HttpServerExchangeInstrumentation.EXCHANGE);
  }

  @Override
  public TypeMatcher typeMatcher() {
    return TypeMatcher.named("io.undertow.io.UndertowOutputStream");
  }

  @Override
  public void transform(AdviceRegistry registry) {
    registry.apply(
        named("write").and(takesArguments(byte[].class, int.class, int.class)),
        PKG + "StreamWriteBytesAdvice");
    registry.apply(
        named("write").and(takesArguments(ByteBuffer[].class)), PKG + "StreamWriteBuffersAdvice");
    registry.apply(named("flush").and(takesArguments(0)), BODY + "FlushAdvice");
    registry.apply(named("close").and(takesArguments(0)), BODY + "CloseAdvice");
  }
}
