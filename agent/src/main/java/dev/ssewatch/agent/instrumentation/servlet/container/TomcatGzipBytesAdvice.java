package dev.ssewatch.agent.instrumentation.servlet.container;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.agent.bootstrap.SseHooks;
import net.bytebuddy.asm.Advice;

/**
 * {@code write(byte[], int, int)} of Tomcat's gzip filter's inner stream: {@code len} compressed
 * bytes went toward the socket for the stream tied to it, if any.
 */
public final class TomcatGzipBytesAdvice {

  private TomcatGzipBytesAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.This Object output, @Advice.Argument(2) int len, @Advice.Thrown Throwable thrown) {
    BodyContext c = SseHooks.context(output);
    if (c != null && thrown == null) {
      c.onCompressedBytes(len);
    }
  }
}
