package dev.ssewatch.agent.instrumentation.helidon;

import dev.ssewatch.agent.bootstrap.ServerStreams;
import net.bytebuddy.asm.Advice;

/**
 * After {@code DataWriterSseSink.writeStatusAndHeaders()}: the head is on the wire. The agent reads
 * the response, its request and the connection's writer from the sink.
 */
public final class SinkHeadAdvice {

  private SinkHeadAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object sink) {
    ServerStreams.start(sink, "helidon", sink, null, null, null, 0, null);
  }
}
