package dev.ssewatch.proxy.frontend;

import dev.ssewatch.proxy.sse.StreamTap;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;

/**
 * W3C Trace Context on the backend request: the proxy is a hop of the trace, so the backend's spans
 * hang under the proxy's client span rather than under the client's span or nowhere.
 */
final class TraceHeaders {

  static final AsciiString TRACEPARENT = AsciiString.cached("traceparent");
  static final AsciiString TRACESTATE = AsciiString.cached("tracestate");

  private TraceHeaders() {}

  /**
   * Replaces the request's {@code traceparent} (if any) by the proxy's; {@code tracestate} passes
   * on as it came when the client's trace goes on, and is dropped when the proxy began a new trace
   * (the client sent none, or one that did not parse), as the recommendation asks. A tap that
   * records no trace leaves the headers untouched.
   */
  static void propagate(HttpHeaders h, StreamTap tap) {
    String traceparent = tap.backendTraceparent();
    if (traceparent == null) {
      return;
    }
    h.set(TRACEPARENT, traceparent);
    if (!tap.continuesClientTrace()) {
      h.remove(TRACESTATE);
    }
  }
}
