package dev.ssewatch.agent.instrumentation.undertow;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.agent.bootstrap.SseHooks;
import io.undertow.server.HttpServerExchange;
import net.bytebuddy.asm.Advice;

/**
 * After {@code terminateResponse()}: the response is over. On an open connection it was written to
 * its end; on a closed one the connection went away first (Undertow notices a client's disconnect
 * on its read side and terminates the exchange, before any write fails).
 */
public final class TerminateResponseAdvice {

  private TerminateResponseAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This HttpServerExchange exchange) {
    BodyContext c = SseHooks.context(exchange);
    if (c != null) {
      if (exchange.getConnection().isOpen()) {
        c.onClose();
      } else {
        c.onWriterError();
      }
    }
  }
}
