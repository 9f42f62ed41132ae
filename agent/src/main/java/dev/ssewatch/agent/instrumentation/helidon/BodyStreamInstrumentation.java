package dev.ssewatch.agent.instrumentation.helidon;

import static dev.ssewatch.agent.instrumentation.ClassLoaderHasClass.hasClassNamed;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.ssewatch.agent.instrumentation.ClassLoaderHasClass;
import dev.ssewatch.agent.instrumentation.TypeInstrumentation;
import dev.ssewatch.agent.instrumentation.TypeMatcher;

/**
 * The stream {@code res.outputStream()} returns on HTTP/1, {@code
 * Http1ServerResponse$ClosingBufferedOutputStream}: a buffer in front of the stream that frames
 * chunks and writes them to the socket. Its writes are the application's (read before any framing),
 * its {@code flush()} is the write to the socket, and {@code close()} — or {@code commit()}, which
 * Helidon calls when the handler returns without closing it — the end. Each of its three write
 * methods hands its bytes to the buffer without passing another one.
 */
final class BodyStreamInstrumentation implements TypeInstrumentation {

  private static final String STREAM =
      ResponseOutputStreamInstrumentation.RESPONSE + "$ClosingBufferedOutputStream";
  private static final String BODY = "dev.ssewatch.agent.instrumentation.body.";

  @Override
  public ClassLoaderHasClass classLoaderOptimization() {
    return hasClassNamed(ResponseOutputStreamInstrumentation.RESPONSE);
  }

  @Override
  public TypeMatcher typeMatcher() {
    return TypeMatcher.named(STREAM);
  }

  @Override
  public void transform(AdviceRegistry registry) {
    registry.apply(
        named("write").and(takesArguments(byte[].class, int.class, int.class)),
        BODY + "WriteBytesAdvice");
    registry.apply(named("write").and(takesArguments(byte[].class)), BODY + "WriteArrayAdvice");
    registry.apply(named("write").and(takesArguments(int.class)), BODY + "WriteByteAdvice");
    registry.apply(named("flush").and(takesArguments(0)), BODY + "FlushAdvice");
    registry.apply(named("close").or(named("commit")).and(takesArguments(0)), BODY + "CloseAdvice");
  }
}
