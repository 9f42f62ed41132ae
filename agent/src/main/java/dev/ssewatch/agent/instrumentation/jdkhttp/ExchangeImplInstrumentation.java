package dev.ssewatch.agent.instrumentation.jdkhttp;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.ssewatch.agent.instrumentation.ClassLoaderHasClass;
import dev.ssewatch.agent.instrumentation.TypeInstrumentation;
import dev.ssewatch.agent.instrumentation.TypeMatcher;

/**
 * {@code sun.net.httpserver.ExchangeImpl.sendResponseHeaders(int, long)}: both the plain and the
 * TLS exchange delegate to it, and when it returns the status line and headers (with the server's
 * own {@code Content-length} or {@code Transfer-encoding}) have been written.
 */
final class ExchangeImplInstrumentation implements TypeInstrumentation {

  @Override
  public ClassLoaderHasClass classLoaderOptimization() {
    return ClassLoaderHasClass.platformLoader();
  }

  @Override
  public TypeMatcher typeMatcher() {
    return TypeMatcher.named("sun.net.httpserver.ExchangeImpl");
  }

  @Override
  public void transform(AdviceRegistry registry) {
    registry.apply(
        named("sendResponseHeaders").and(takesArguments(int.class, long.class)),
        "dev.ssewatch.agent.instrumentation.jdkhttp.SendResponseHeadersAdvice");
  }
}
