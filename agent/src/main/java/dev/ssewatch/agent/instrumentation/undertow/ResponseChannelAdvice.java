package dev.ssewatch.agent.instrumentation.undertow;

import dev.ssewatch.agent.bootstrap.ServerStreams;
import dev.ssewatch.agent.bootstrap.SseHooks;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import net.bytebuddy.asm.Advice;

/**
 * After {@code getResponseChannel()}: the response is committed. An event stream not already
 * recorded through the blocking output stream is recorded from here, at its channel; the agent
 * reads the rest of the exchange itself, once.
 */
public final class ResponseChannelAdvice {

  private ResponseChannelAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This HttpServerExchange exchange, @Advice.Return Object channel) {
    if (channel != null && SseHooks.context(exchange) == null) {
      String type = exchange.getResponseHeaders().getFirst(Headers.CONTENT_TYPE);
      if (type != null && type.regionMatches(true, 0, "text/event-stream", 0, 17)) {
        ServerStreams.bind(
            exchange,
            ServerStreams.start(channel, "undertow", exchange, null, null, null, 0, null));
      }
    }
  }
}
