package dev.ssewatch.agent.instrumentation.undertow;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.agent.bootstrap.ServerStreams;
import dev.ssewatch.agent.bootstrap.SseHooks;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import net.bytebuddy.asm.Advice;

/**
 * {@code UndertowOutputStream.write(byte[], int, int)}. The first write of an event stream starts
 * its record (before the stream's buffer hides the write's time); other responses cost a lookup and
 * a header read per write.
 */
public final class StreamWriteBytesAdvice {

  private StreamWriteBytesAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static BodyContext enter(
      @Advice.This Object stream,
      @Advice.FieldValue("exchange") HttpServerExchange exchange,
      @Advice.Argument(0) byte[] b,
      @Advice.Argument(1) int off,
      @Advice.Argument(2) int len) {
    BodyContext c = SseHooks.context(stream);
    if (c == null) {
      String type = exchange.getResponseHeaders().getFirst(Headers.CONTENT_TYPE);
      if (type != null
          && type.regionMatches(true, 0, "text/event-stream", 0, 17)
          && SseHooks.context(exchange) == null) {
        c = ServerStreams.start(stream, "undertow", exchange, null, null, null, 0, null);
        ServerStreams.bind(exchange, c);
      }
    }
    if (c != null && c.enter()) {
      c.onBytes(b, off, len);
    }
    return c;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter BodyContext c, @Advice.Thrown Throwable thrown) {
    if (c != null) {
      c.exitWrite(thrown);
    }
  }
}
