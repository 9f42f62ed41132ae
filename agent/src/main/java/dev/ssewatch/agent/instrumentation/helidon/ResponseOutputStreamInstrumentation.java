package dev.ssewatch.agent.instrumentation.helidon;

import static dev.ssewatch.agent.instrumentation.ClassLoaderHasClass.hasClassNamed;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.ssewatch.agent.instrumentation.ClassLoaderHasClass;
import dev.ssewatch.agent.instrumentation.TypeInstrumentation;
import dev.ssewatch.agent.instrumentation.TypeMatcher;

/**
 * {@code io.helidon.webserver.http1.Http1ServerResponse.outputStream()}: where a response written
 * through {@code res.outputStream()} rather than a sink gets its body stream.
 */
final class ResponseOutputStreamInstrumentation implements TypeInstrumentation {

  static final String RESPONSE = "io.helidon.webserver.http1.Http1ServerResponse";

  @Override
  public ClassLoaderHasClass classLoaderOptimization() {
    return hasClassNamed(RESPONSE);
  }

  @Override
  public TypeMatcher typeMatcher() {
    return TypeMatcher.named(RESPONSE);
  }

  @Override
  public void transform(AdviceRegistry registry) {
    registry.apply(
        named("outputStream").and(takesArguments(0)),
        "dev.ssewatch.agent.instrumentation.helidon.ResponseOutputStreamAdvice");
  }
}
