package dev.ssewatch.agent.instrumentation.grizzly;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.agent.bootstrap.SseHooks;
import net.bytebuddy.asm.Advice;
import org.glassfish.grizzly.Connection;

/**
 * After {@code OutputBuffer.endRequest()} / {@code recycle()}: the response is over (and the buffer
 * may serve the next one). Its own {@code close()} normally ended the stream already; one still
 * open on a closed connection lost its client before any write failed.
 */
public final class EndAdvice {

  private EndAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(
      @Advice.This Object buffer, @Advice.FieldValue("connection") Connection<?> connection) {
    BodyContext c = SseHooks.context(buffer);
    if (c != null) {
      if (connection == null || connection.isOpen()) {
        c.onClose();
      } else {
        c.onWriterError();
      }
    }
  }
}
