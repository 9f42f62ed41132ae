package dev.ssewatch.proxy.frontend;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * A response of the proxy's own, when it refuses a request or a backend fails it: a line of plain
 * text, and the connection closed after it.
 */
final class ErrorResponse {

  /** The methods the proxy forwards, for the {@code Allow} field of a 405. */
  static final String ALLOWED_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";

  private ErrorResponse() {}

  static FullHttpResponse of(HttpResponseStatus status, String message) {
    byte[] body =
        (status.code() + " " + status.reasonPhrase() + ": " + message + "\n")
            .getBytes(StandardCharsets.UTF_8);
    FullHttpResponse resp =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
    resp.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    if (status.equals(HttpResponseStatus.METHOD_NOT_ALLOWED)) {
      // RFC 9110 §15.5.6: a 405 names the methods that are allowed.
      resp.headers().set(HttpHeaderNames.ALLOW, ALLOWED_METHODS);
    }
    return resp;
  }
}
