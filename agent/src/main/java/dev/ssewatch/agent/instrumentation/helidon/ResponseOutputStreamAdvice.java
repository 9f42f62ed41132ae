package dev.ssewatch.agent.instrumentation.helidon;

import dev.ssewatch.agent.bootstrap.ServerStreams;
import dev.ssewatch.agent.bootstrap.SseHooks;
import net.bytebuddy.asm.Advice;

/**
 * After {@code Http1ServerResponse.outputStream()}: the body stream it made (the response keeps it
 * in its {@code outputStream} field) carries the application's writes. When the response is an
 * event stream by then, it is recorded from here on; the agent reads the response reflectively.
 */
public final class ResponseOutputStreamAdvice {

  private ResponseOutputStreamAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(
      @Advice.This Object response, @Advice.FieldValue("outputStream") Object stream) {
    if (stream != null && SseHooks.context(stream) == null) {
      ServerStreams.start(stream, "helidon-output", response, null, null, null, 0, null);
    }
  }
}
