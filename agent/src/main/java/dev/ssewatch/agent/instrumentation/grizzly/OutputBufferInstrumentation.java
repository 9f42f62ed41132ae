package dev.ssewatch.agent.instrumentation.grizzly;

import static dev.ssewatch.agent.instrumentation.ClassLoaderHasClass.hasClassNamed;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.ssewatch.agent.instrumentation.ClassLoaderHasClass;
import dev.ssewatch.agent.instrumentation.TypeInstrumentation;
import dev.ssewatch.agent.instrumentation.TypeMatcher;
import java.nio.ByteBuffer;

/**
 * {@code org.glassfish.grizzly.http.io.OutputBuffer}: every byte and character of a response body
 * (through {@code Response.getOutputStream()}, {@code getWriter()}, {@code getNIOOutputStream()} or
 * the buffer itself) passes one of its write methods, Grizzly's own {@code Buffer} included; the
 * one-argument forms pass on to the advised ones. It holds up to 8 KiB until a flush.
 */
final class OutputBufferInstrumentation implements TypeInstrumentation {

  static final String OUTPUT_BUFFER = "org.glassfish.grizzly.http.io.OutputBuffer";

  private static final String BUFFER = "org.glassfish.grizzly.Buffer";
  private static final String PKG = "dev.ssewatch.agent.instrumentation.grizzly.";
  private static final String BODY = "dev.ssewatch.agent.instrumentation.body.";

  @Override
  public ClassLoaderHasClass classLoaderOptimization() {
    return hasClassNamed(OUTPUT_BUFFER);
  }

  @Override
  public TypeMatcher typeMatcher() {
    return TypeMatcher.named(OUTPUT_BUFFER);
  }

  @Override
  public void transform(AdviceRegistry registry) {
    registry.apply(
        named("write").and(takesArguments(byte[].class, int.class, int.class)),
        PKG + "WriteBytesAdvice");
    registry.apply(named("writeByte").and(takesArguments(int.class)), PKG + "WriteByteAdvice");
    registry.apply(
        named("writeByteBuffer").and(takesArguments(ByteBuffer.class)),
        PKG + "WriteByteBufferAdvice");
    registry.apply(
        named("writeBuffer").and(takesArguments(1)).and(takesArgument(0, named(BUFFER))),
        PKG + "WriteBufferAdvice");
    registry.apply(
        named("write").and(takesArguments(char[].class, int.class, int.class)),
        PKG + "WriteCharsAdvice");
    registry.apply(
        named("write").and(takesArguments(String.class, int.class, int.class)),
        PKG + "WriteStringAdvice");
    registry.apply(named("writeChar").and(takesArguments(int.class)), PKG + "WriteCharAdvice");
    registry.apply(named("flush").and(takesArguments(0)), BODY + "FlushAdvice");
    registry.apply(named("close").and(takesArguments(0)), BODY + "CloseAdvice");
    registry.apply(
        named("endRequest").or(named("recycle")).and(takesArguments(0)), PKG + "EndAdvice");
  }
}
