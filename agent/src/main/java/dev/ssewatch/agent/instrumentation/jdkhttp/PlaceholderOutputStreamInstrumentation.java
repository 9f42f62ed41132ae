package dev.ssewatch.agent.instrumentation.jdkhttp;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.ssewatch.agent.instrumentation.ClassLoaderHasClass;
import dev.ssewatch.agent.instrumentation.TypeInstrumentation;
import dev.ssewatch.agent.instrumentation.TypeMatcher;

/**
 * {@code sun.net.httpserver.PlaceholderOutputStream}: the body stream {@code
 * HttpExchange.getResponseBody()} hands out, before any framing (the chunked stream behind it holds
 * bytes until a chunk fills or the application flushes).
 */
final class PlaceholderOutputStreamInstrumentation implements TypeInstrumentation {

  private static final String BODY = "dev.ssewatch.agent.instrumentation.body.";

  @Override
  public ClassLoaderHasClass classLoaderOptimization() {
    return ClassLoaderHasClass.platformLoader();
  }

  @Override
  public TypeMatcher typeMatcher() {
    return TypeMatcher.named("sun.net.httpserver.PlaceholderOutputStream");
  }

  @Override
  public void transform(AdviceRegistry registry) {
    registry.apply(
        named("write").and(takesArguments(byte[].class, int.class, int.class)),
        BODY + "WriteBytesAdvice");
    registry.apply(named("write").and(takesArguments(byte[].class)), BODY + "WriteArrayAdvice");
    registry.apply(named("write").and(takesArguments(int.class)), BODY + "WriteByteAdvice");
    registry.apply(named("flush").and(takesArguments(0)), BODY + "FlushAdvice");
    registry.apply(named("close").and(takesArguments(0)), BODY + "CloseAdvice");
  }
}
