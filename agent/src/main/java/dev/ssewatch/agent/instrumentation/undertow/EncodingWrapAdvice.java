package dev.ssewatch.agent.instrumentation.undertow;

import dev.ssewatch.agent.bootstrap.ServerStreams;
import io.undertow.conduits.DeflatingStreamSinkConduit;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import net.bytebuddy.asm.Advice;

/**
 * After {@code AllowedContentEncodings.wrap(…)}: the response commits and the {@code *
 * EncodingHandler} has chosen its coding, and added its header. An event stream's record begins
 * here if it waited for that and, when a compressor was put in front of the connection, the
 * compressor's output is tied to the stream, once; every other response costs a header read.
 */
public final class EncodingWrapAdvice {

  private EncodingWrapAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(
      @Advice.Argument(1) HttpServerExchange exchange, @Advice.Return Object conduit) {
    String type = exchange.getResponseHeaders().getFirst(Headers.CONTENT_TYPE);
    if (type != null && type.regionMatches(true, 0, "text/event-stream", 0, 17)) {
      ServerStreams.committed(
          "undertow", exchange, conduit instanceof DeflatingStreamSinkConduit ? conduit : null);
    }
  }
}
