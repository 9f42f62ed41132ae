package dev.ssewatch.proxy.frontend;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;

/**
 * The framing fields of a forwarded message come from how the proxy itself framed the message it
 * received, never from what is left of its headers. A {@code Connection} header may name any field,
 * {@code Content-Length} and {@code Transfer-Encoding} included, and RFC 9110 §7.6.1 has the proxy
 * remove what it names; but the body the decoder read goes on all the same, so without framing of
 * the proxy's own the next hop would read the body as a message of its own (request smuggling) or
 * never find the end of a response.
 */
final class MessageFraming {

  private MessageFraming() {}

  /**
   * Sets {@code out} (the headers to forward, hop-by-hop fields already removed) to frame the
   * request body the decoder found in {@code received}: chunked stays chunked, a length stays that
   * length, and a request with neither has no body.
   */
  static void request(HttpRequest received, HttpHeaders out) {
    if (HttpUtil.isTransferEncodingChunked(received)) {
      out.remove(HttpHeaderNames.CONTENT_LENGTH);
      out.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    } else {
      keepLength(received, out);
    }
  }

  /**
   * Puts back the length of a response the backend framed by {@code Content-Length}. A chunked or
   * close-delimited response is framed for the client by the caller (re-chunked, or closed after).
   */
  static void response(HttpResponse received, HttpHeaders out) {
    if (!HttpUtil.isTransferEncodingChunked(received)) {
      keepLength(received, out);
    }
  }

  private static void keepLength(HttpMessage received, HttpHeaders out) {
    String length = received.headers().get(HttpHeaderNames.CONTENT_LENGTH);
    if (length != null) {
      // The decoder accepted exactly one valid value; spaces around it go.
      out.set(HttpHeaderNames.CONTENT_LENGTH, length.strip());
    } else {
      out.remove(HttpHeaderNames.CONTENT_LENGTH);
    }
  }
}
