package dev.ssewatch.proxy.sse;

import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.telemetry.CloseReason;
import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * What the forwarding engine tells about one exchange. Normally core's stream recorder; an
 * interface so the engine does not depend on how recording is set up. Called on the exchange's
 * event loop only; implementations must not block.
 */
public interface StreamTap {

  void onResponseHeaders(int status, List<Header> headers, long nanoTime);

  /** Body bytes from the backend; the buffer's indexes are left unchanged and it is not kept. */
  void onBytes(ByteBuf bytes, long nanoTime);

  /** Everything passed to {@link #onBytes} so far has been written to the client socket. */
  void onWireWrite(long nanoTime);

  void onHeartbeat(long nanoTime);

  /** Whether the backend's bytes so far end exactly at an event boundary. */
  boolean atEventBoundary();

  void onEnd(CloseReason reason, long nanoTime);

  /** As {@link #onEnd(CloseReason, long)}, with a few words on what ended the exchange. */
  default void onEnd(CloseReason reason, String detail, long nanoTime) {
    onEnd(reason, nanoTime);
  }

  /**
   * A W3C {@code traceparent} for the backend request: the exchange's trace, naming the proxy's
   * client span for the backend call as the parent; null when the tap records no trace.
   */
  default String backendTraceparent() {
    return null;
  }

  /**
   * Whether the exchange continues the trace of a valid {@code traceparent} the client sent (else
   * it began a trace of its own, and the client's {@code tracestate} belongs to no trace).
   */
  default boolean continuesClientTrace() {
    return false;
  }

  /** A tap that records nothing. */
  StreamTap NONE =
      new StreamTap() {
        @Override
        public void onResponseHeaders(int status, List<Header> headers, long nanoTime) {}

        @Override
        public void onBytes(ByteBuf bytes, long nanoTime) {}

        @Override
        public void onWireWrite(long nanoTime) {}

        @Override
        public void onHeartbeat(long nanoTime) {}

        @Override
        public boolean atEventBoundary() {
          return true;
        }

        @Override
        public void onEnd(CloseReason reason, long nanoTime) {}
      };
}
