package dev.ssewatch.agent.instrumentation.undertow;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.agent.bootstrap.ServerStreams;
import dev.ssewatch.agent.bootstrap.SseHooks;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.ServerConnection;
import net.bytebuddy.asm.Advice;

/**
 * After {@code terminateResponse()}: the response is over. On an open connection it was written to
 * its end, unless its HTTP/2 stream was reset; on a closed one the connection went away first
 * (Undertow notices a client's disconnect on its read side and terminates the exchange, before any
 * write fails). A cancelled HTTP/2 stream leaves its connection open, and Undertow terminates its
 * exchange as it does a finished one.
 */
public final class TerminateResponseAdvice {

  private TerminateResponseAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This HttpServerExchange exchange) {
    BodyContext c = SseHooks.context(exchange);
    if (c != null) {
      ServerConnection connection = exchange.getConnection();
      if (connection.isOpen() && !ServerStreams.streamReset("undertow", connection)) {
        c.onClose();
      } else {
        c.onWriterError();
      }
    }
  }
}
