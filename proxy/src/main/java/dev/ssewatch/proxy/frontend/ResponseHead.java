package dev.ssewatch.proxy.frontend;

import dev.ssewatch.core.http.Headers;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * The head a client receives for a backend's final response, and how the rest of the exchange is
 * framed: a pure function of the backend's head and of what the client's request asked for. No
 * channel, no state.
 *
 * @param toClient the head to write to the client
 * @param eventStream whether the response is an event stream
 * @param lengthFramed whether the response ends by its length (a {@code Content-Length}, or no body
 *     at all) rather than by its last chunk or the close of the connection
 * @param backendKeepAlive whether the backend connection can serve another request after this one
 * @param closeAfter whether the client connection closes once the response is complete
 * @param canInject whether heartbeat comments may be added to the body (an event stream the proxy
 *     frames itself, with a success status)
 * @param relayRaw whether the body is relayed without the HTTP codecs (a chunked event stream whose
 *     request has been sent in full: the request's remaining body would still need them)
 */
record ResponseHead(
    HttpResponse toClient,
    boolean eventStream,
    boolean lengthFramed,
    boolean backendKeepAlive,
    boolean closeAfter,
    boolean canInject,
    boolean relayRaw) {

  /**
   * Rewrites {@code resp}, a final response (status 200 or above) the backend sent for {@code e}'s
   * request; {@code shuttingDown} when a graceful shutdown has begun, which closes every connection
   * after its response. Reads {@code e}, never changes it.
   */
  static ResponseHead of(HttpResponse resp, Exchange e, boolean shuttingDown) {
    int code = resp.status().code();
    HttpHeaders h = new DefaultHttpHeaders();
    h.add(resp.headers());
    HopByHop.strip(h);
    MessageFraming.response(resp, h);
    boolean eventStream = Headers.isEventStream(resp.headers().get(HttpHeaderNames.CONTENT_TYPE));
    boolean bodyless = e.head || code == 204 || code == 304;
    boolean backendChunked = HttpUtil.isTransferEncodingChunked(resp);
    boolean hasLength = !backendChunked && resp.headers().contains(HttpHeaderNames.CONTENT_LENGTH);
    boolean lengthFramed = bodyless || hasLength;
    boolean closeAfter = false;
    if (!lengthFramed) {
      // Chunked (or close-delimited) from the backend: re-chunk for HTTP/1.1 clients, and end the
      // response by closing for HTTP/1.0 ones. Never a Content-Length the backend did not send.
      h.remove(HttpHeaderNames.CONTENT_LENGTH);
      if (e.clientHttp11) {
        h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
      } else {
        closeAfter = true;
      }
    }
    boolean backendKeepAlive = HttpUtil.isKeepAlive(resp) && (backendChunked || lengthFramed);
    if (!e.clientKeepAlive || closeAfter || !e.requestDone || shuttingDown) {
      closeAfter = true;
      h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (!e.clientHttp11) {
      h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
    if (eventStream && e.route.options().antiBufferingHeaders()) {
      h.set(HttpHeaderNames.CACHE_CONTROL, "no-cache, no-transform");
      h.set("X-Accel-Buffering", "no");
    }
    return new ResponseHead(
        new DefaultHttpResponse(HttpVersion.HTTP_1_1, resp.status(), h),
        eventStream,
        lengthFramed,
        backendKeepAlive,
        closeAfter,
        eventStream && !lengthFramed && code >= 200 && code < 300,
        eventStream && backendChunked && !bodyless && e.requestDone);
  }

  /** The head a client receives for an informational (1xx) response: hop-by-hop fields removed. */
  static HttpResponse informational(HttpResponse resp) {
    HttpHeaders h = new DefaultHttpHeaders();
    h.add(resp.headers());
    HopByHop.strip(h);
    return new DefaultHttpResponse(HttpVersion.HTTP_1_1, resp.status(), h);
  }
}
