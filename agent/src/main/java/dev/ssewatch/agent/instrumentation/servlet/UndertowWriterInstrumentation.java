package dev.ssewatch.agent.instrumentation.servlet;

import static dev.ssewatch.agent.instrumentation.ClassLoaderHasClass.hasClassNamed;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.ssewatch.agent.instrumentation.ClassLoaderHasClass;
import dev.ssewatch.agent.instrumentation.TypeInstrumentation;
import dev.ssewatch.agent.instrumentation.TypeMatcher;
import java.nio.CharBuffer;

/**
 * Undertow's servlet writer, {@code io.undertow.servlet.spec.ServletPrintWriter}: not a {@code
 * PrintWriter}, so {@link ResponseWriterInstrumentation} does not reach it, yet every character
 * written through Undertow's {@code getWriter()} passes one of these three methods (the others call
 * them), while the front {@code PrintWriter} passes only some of its methods through its own
 * advised ones. A write through both is counted once: the inner one is nested in the outer.
 */
final class UndertowWriterInstrumentation implements TypeInstrumentation {

  private static final String TYPE = "io.undertow.servlet.spec.ServletPrintWriter";
  private static final String COMMON = "dev.ssewatch.agent.instrumentation.servlet.common.";

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
        named("write").and(takesArguments(char[].class, int.class, int.class)),
        COMMON + "WriteCharsAdvice");
    registry.apply(
        named("write").and(takesArguments(String.class, int.class, int.class)),
        COMMON + "WriteStringAdvice");
    registry.apply(
        named("write").and(takesArguments(CharBuffer.class)), COMMON + "WriteCharBufferAdvice");
  }
}
