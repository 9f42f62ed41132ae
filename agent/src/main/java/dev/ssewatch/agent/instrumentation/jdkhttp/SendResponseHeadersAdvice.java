package dev.ssewatch.agent.instrumentation.jdkhttp;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.agent.bootstrap.ServerStreams;
import java.io.OutputStream;
import java.net.URI;
import java.util.Map;
import net.bytebuddy.asm.Advice;

/**
 * After {@code ExchangeImpl.sendResponseHeaders}: the response has started. Its fields are read
 * directly (the class is not public); the headers objects are {@code Map}s of lists.
 */
public final class SendResponseHeadersAdvice {

  private SendResponseHeadersAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(
      @Advice.This Object exchange,
      @Advice.Argument(0) int status,
      @Advice.FieldValue("method") String method,
      @Advice.FieldValue("uri") URI uri,
      @Advice.FieldValue("reqHdrs") Map<?, ?> requestHeaders,
      @Advice.FieldValue("rspHdrs") Map<?, ?> responseHeaders,
      @Advice.FieldValue("uos_orig") OutputStream body,
      @Advice.FieldValue("closed") boolean closed) {
    BodyContext c =
        ServerStreams.start(
            body,
            "jdkhttp",
            exchange,
            method,
            uri == null ? null : uri.toString(),
            requestHeaders.entrySet(),
            status,
            responseHeaders.entrySet());
    if (c != null && closed) {
      // A response without a body: the server closed it before returning.
      c.onClose();
    }
  }
}
