package dev.ssewatch.agent.instrumentation.undertow;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.agent.bootstrap.ServerStreams;
import dev.ssewatch.agent.bootstrap.SseHooks;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;
import net.bytebuddy.asm.Advice;

/**
 * {@code UndertowOutputStream.write(ByteBuffer[])} (and {@code write(ByteBuffer)}, which passes
 * here): a blocking write takes every remaining byte, read in place before it does.
 */
public final class StreamWriteBuffersAdvice {

  private StreamWriteBuffersAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static BodyContext enter(
      @Advice.This Object stream,
      @Advice.FieldValue("exchange") HttpServerExchange exchange,
      @Advice.Argument(0) ByteBuffer[] buffers) {
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
      for (ByteBuffer b : buffers) {
        c.onBytes(b);
      }
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
