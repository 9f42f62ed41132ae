package dev.ssewatch.proxy.frontend;

import dev.ssewatch.proxy.Route;
import dev.ssewatch.proxy.sse.HeartbeatInjector;
import dev.ssewatch.proxy.sse.StreamTap;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;

/** The state of one request/response pair on a client connection. Event-loop confined. */
final class Exchange {

  final Route route;
  final StreamTap tap;
  final boolean head;
  final boolean clientHttp11;
  final boolean clientKeepAlive;

  /** Request parts waiting for the backend connection; only while one is being opened. */
  private ArrayDeque<Object> toBackend;

  boolean backendReady;
  boolean requestDone;
  boolean responseStarted;
  boolean informational;
  boolean eventStream;
  boolean backendKeepAlive;
  boolean closeAfter;

  /**
   * The response ends by its length (or has no body): it cannot be ended early without the client
   * noticing.
   */
  boolean lengthFramed;

  boolean ended;

  /**
   * The exchange's one pending timer: the deadline of the response head until the head comes, then
   * an event stream's maximum duration. One field for both, since they never overlap and an open
   * stream keeps this object for its whole life.
   */
  ScheduledFuture<?> timer;

  HeartbeatInjector heartbeat;

  /** Set when the response body is relayed raw (a chunked event stream). */
  ChunkedBody relay;

  Exchange(
      Route route, StreamTap tap, boolean head, boolean clientHttp11, boolean clientKeepAlive) {
    this.route = route;
    this.tap = tap;
    this.head = head;
    this.clientHttp11 = clientHttp11;
    this.clientKeepAlive = clientKeepAlive;
  }

  void queueForBackend(Object part) {
    if (toBackend == null) {
      toBackend = new ArrayDeque<>(4);
    }
    toBackend.add(part);
  }

  /** The next part waiting for the backend; the queue goes once it is empty. */
  Object pollForBackend() {
    if (toBackend == null) {
      return null;
    }
    Object part = toBackend.poll();
    if (part == null) {
      toBackend = null;
    }
    return part;
  }

  void cancelTimer() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  void touch(long nowNanos) {
    if (heartbeat != null) {
      heartbeat.touch(nowNanos);
    }
  }

  void stopTimers() {
    cancelTimer();
    if (heartbeat != null) {
      heartbeat.stop();
    }
  }
}
