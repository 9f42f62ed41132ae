package dev.ssewatch.agent.runtime;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.agent.bootstrap.SseHooks;
import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.http.Headers;
import dev.ssewatch.core.stream.StreamRecorder;
import dev.ssewatch.core.stream.StreamRecorders;
import dev.ssewatch.core.telemetry.CloseReason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One Netty server connection: the request being answered and, while it is an event stream, its
 * recorder. Every call comes from the channel's event loop, so fields need no synchronization. The
 * request's headers object is kept only until the response line is written.
 */
final class NettyConnection extends BodyContext {

  private final StreamRecorders recorders;
  private final RecordingWarmUp warmUp;

  private String method;
  private String uri;
  private Iterable<? extends Map.Entry<String, String>> requestHeaders;
  private long requestNanos;

  private StreamRecorder recorder;

  /** The body's content coding, while the response has one; else null. */
  private CodedBody coded;

  private boolean lastWritten;

  /** The transport reported a failed read: the peer reset the connection. */
  private boolean peerFailed;

  /** An idle-state timer is running: a server close now is its idle timeout. */
  private boolean idleTimer;

  /** Why the server closed the connection through its pipeline while it was open, or null. */
  private CloseReason serverClose;

  /** No reference to the channel: it is this object's weak key in {@link SseHooks#CONTEXTS}. */
  NettyConnection(StreamRecorders recorders, RecordingWarmUp warmUp) {
    this.recorders = recorders;
    this.warmUp = warmUp;
  }

  void onRequest(
      String method, String uri, Iterable<? extends Map.Entry<String, String>> headers, long now) {
    this.method = method;
    this.uri = uri;
    this.requestHeaders = headers;
    this.requestNanos = now;
  }

  @Override
  public void onHttpResponse(
      int status,
      Iterable<? extends Map.Entry<String, String>> headers,
      String contentType,
      String contentEncoding) {
    if (status < 200) {
      return;
    }
    if (recorder != null) {
      // A new response while the previous stream is open: the previous one is over.
      recorder.onEnd(lastWritten ? CloseReason.COMPLETED : CloseReason.UPSTREAM_ABORT, now());
      recorder = null;
    }
    closeCoded();
    lastWritten = false;
    Iterable<? extends Map.Entry<String, String>> reqHeaders = requestHeaders;
    requestHeaders = null;
    if (!Headers.isEventStream(contentType) || method == null) {
      return;
    }
    StreamRecorder r =
        recorders.begin(
            method, uri, null, copy(reqHeaders), requestNanos == 0 ? now() : requestNanos, true);
    r.onResponseHeaders(status, copy(headers), now());
    // A compressed body (HttpContentCompressor) is counted as sent and decoded for its events.
    coded = CodedBody.of(contentEncoding);
    recorder = r;
    warmUp.start();
  }

  /** The response line and headers, read through {@link NettyBuffers}. */
  @Override
  public void onResponse(Object response) {
    NettyBuffers.readResponse(response, this);
  }

  private static List<Header> copy(Iterable<? extends Map.Entry<String, String>> headers) {
    List<Header> out = new ArrayList<>();
    if (headers != null) {
      for (Map.Entry<String, String> e : headers) {
        out.add(new Header(e.getKey(), e.getValue()));
      }
    }
    return out;
  }

  @Override
  public boolean wantsBytes() {
    return recorder != null && !lastWritten;
  }

  @Override
  public void onBytes(byte[] b, int off, int len) {
    StreamRecorder r = recorder;
    if (r != null) {
      CodedBody c = coded;
      if (c == null) {
        r.onBytes(b, off, len, now());
      } else {
        c.onBytes(b, off, len, r, now());
      }
    }
  }

  @Override
  public void onBytes(ByteBuffer buf) {
    StreamRecorder r = recorder;
    if (r != null) {
      CodedBody c = coded;
      if (c == null) {
        r.onBytes(buf, now());
      } else {
        c.onBytes(buf, r, now());
      }
    }
  }

  /** A body buffer of several parts: read through fresh views ({@link NettyBuffers}). */
  @Override
  public void onBuffer(Object buf) {
    if (recorder != null) {
      NettyBuffers.readParts(buf, this);
    }
  }

  @Override
  public void onLastContent() {
    if (recorder != null) {
      lastWritten = true;
    }
  }

  @Override
  public void onFlush() {
    StreamRecorder r = recorder;
    if (r != null) {
      long now = now();
      r.onWireWrite(now);
      if (lastWritten) {
        r.onEnd(CloseReason.COMPLETED, now);
        recorder = null;
        closeCoded();
      }
    }
  }

  /**
   * An exception entered the pipeline at its head: the transport's read failed. An {@code
   * IOException} there is the peer's reset, so a close that the application's error handling makes
   * next is still the client's doing.
   */
  @Override
  public void onFailure(Throwable thrown) {
    if (thrown instanceof IOException) {
      peerFailed = true;
    }
  }

  @Override
  public void onServerClose() {
    if (!peerFailed && serverClose == null) {
      serverClose = idleTimer ? CloseReason.IDLE_TIMEOUT : CloseReason.UPSTREAM_ABORT;
    }
  }

  @Override
  public void onIdleTimer(boolean running) {
    idleTimer = running;
  }

  /**
   * The connection closed: a stream without its last content was cut off by the server if it closed
   * the connection itself (on an idle timer: an idle timeout), else by the client (its end of
   * stream, its reset, or a write the peer no longer takes, which the transport closes on
   * directly).
   */
  @Override
  public void onClose() {
    StreamRecorder r = recorder;
    recorder = null;
    requestHeaders = null;
    closeCoded();
    if (r != null) {
      CloseReason reason =
          lastWritten
              ? CloseReason.COMPLETED
              : serverClose != null ? serverClose : CloseReason.CLIENT_ABORT;
      r.onEnd(reason, now());
    }
  }

  private void closeCoded() {
    CodedBody c = coded;
    coded = null;
    if (c != null) {
      c.close();
    }
  }

  private static long now() {
    return System.nanoTime();
  }
}
