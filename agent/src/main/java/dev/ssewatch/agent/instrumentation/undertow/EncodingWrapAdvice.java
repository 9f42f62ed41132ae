package dev.ssewatch.agent.instrumentation.undertow;

import dev.ssewatch.agent.bootstrap.ServerStreams;
import io.undertow.conduits.DeflatingStreamSinkConduit;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import net.bytebuddy.asm.Advice;

/**
 * After {@code AllowedContentEncodings.wrap(…)}: the response commits and the {@code
 * EncodingHandler} has chosen its coding. When it put a compressor in front of an event stream's
 * connection, the compressor's output is tied to the stream once, here; every other response costs
 * an {@code instanceof}, and a compressed one a header read.
 */
public final class EncodingWrapAdvice {

  private EncodingWrapAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(
      @Advice.Argument(1) HttpServerExchange exchange, @Advice.Return Object conduit) {
    if (conduit instanceof DeflatingStreamSinkConduit) {
      String type = exchange.getResponseHeaders().getFirst(Headers.CONTENT_TYPE);
      if (type != null && type.regionMatches(true, 0, "text/event-stream", 0, 17)) {
        ServerStreams.compressorOutput("undertow", exchange, conduit);
      }
    }
  }
}
