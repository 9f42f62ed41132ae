package dev.ssewatch.agent.instrumentation.servlet;

import static dev.ssewatch.agent.instrumentation.ClassLoaderHasClass.hasClassNamed;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.ssewatch.agent.instrumentation.ClassLoaderHasClass;
import dev.ssewatch.agent.instrumentation.TypeInstrumentation;
import dev.ssewatch.agent.instrumentation.TypeMatcher;

/**
 * The bytes of a servlet body written through its output stream. Only bodies a response handed out
 * are registered, so the advice in other streams stops at one failed lookup.
 */
final class ServletOutputStreamInstrumentation implements TypeInstrumentation {

  private static final String COMMON = "dev.ssewatch.agent.instrumentation.servlet.common.";

  /** The advice every body stream shares, servlet or not. */
  private static final String BODY = "dev.ssewatch.agent.instrumentation.body.";

  private final String ns;

  ServletOutputStreamInstrumentation(String ns) {
    this.ns = ns;
  }

  @Override
  public ClassLoaderHasClass classLoaderOptimization() {
    return hasClassNamed(ns + ".ServletOutputStream");
  }

  /**
   * Spring MVC's asynchronous request wraps the container's stream in one that passes every call on
   * (taking the container's stream when the response hands its own out, so the agent attaches the
   * stream to the container's first). Advising it would add ten lookups that always miss to each
   * {@code SseEmitter} event, and make its methods too large for the JIT to inline into their
   * callers; the bytes are read at the container's stream either way.
   */
  static final String SPRING_ASYNC_WRAPPERS =
      "org.springframework.web.context.request.async.StandardServletAsyncWebRequest$";

  @Override
  public TypeMatcher typeMatcher() {
    return TypeMatcher.hasSuperType(ns + ".ServletOutputStream")
        .classesOnly()
        .exceptNamesStartingWith(SPRING_ASYNC_WRAPPERS);
  }

  @Override
  public void transform(AdviceRegistry registry) {
    registry.apply(
        named("write")
            .and(not(isAbstract()))
            .and(takesArguments(byte[].class, int.class, int.class)),
        BODY + "WriteBytesAdvice");
    registry.apply(
        named("write").and(not(isAbstract())).and(takesArguments(int.class)),
        BODY + "WriteByteAdvice");
    registry.apply(
        named("write").and(not(isAbstract())).and(takesArguments(java.nio.ByteBuffer.class)),
        BODY + "WriteByteBufferAdvice");
    registry.apply(
        named("flush").and(not(isAbstract())).and(takesArguments(0)), BODY + "FlushAdvice");
    registry.apply(
        named("close").and(not(isAbstract())).and(takesArguments(0)), BODY + "CloseAdvice");
    registry.apply(
        named("setWriteListener").and(not(isAbstract())).and(takesArguments(1)),
        COMMON + "SetWriteListenerAdvice");
  }
}
