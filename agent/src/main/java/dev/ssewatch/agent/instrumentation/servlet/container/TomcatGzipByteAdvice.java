package dev.ssewatch.agent.instrumentation.servlet.container;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.agent.bootstrap.SseHooks;
import net.bytebuddy.asm.Advice;

/** {@code write(int)} of Tomcat's gzip filter's inner stream: one compressed byte. */
public final class TomcatGzipByteAdvice {

  private TomcatGzipByteAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.This Object output, @Advice.Thrown Throwable thrown) {
    BodyContext c = SseHooks.context(output);
    if (c != null && thrown == null) {
      c.onCompressedBytes(1);
    }
  }
}
