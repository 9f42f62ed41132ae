package dev.ssewatch.agent.installer;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.agent.bootstrap.SseHooks;
import dev.ssewatch.core.http.Headers;
import dev.ssewatch.core.stream.StreamRecorder;
import dev.ssewatch.core.stream.StreamRecorders;
import dev.ssewatch.core.telemetry.CloseReason;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;

/**
 * One servlet exchange, from {@code service} to its end. Whether it is an event stream is decided
 * once, from the content type when the body is handed out or, failing that, at the first write;
 * other exchanges cost a lookup per write and nothing else. Request and response are held weakly:
 * containers recycle them, and the agent must not keep them (or their class loader) alive.
 */
final class ServletStream extends BodyContext {

  private static final int UNDECIDED = 0;
  private static final int RECORDING = 1;
  private static final int IGNORED = 2;
  private static final int ENDED = 3;

  private final StreamRecorders recorders;
  private final RecordingWarmUp warmUp;
  private final WeakReference<Object> request;
  private final WeakReference<Object> response;
  private final String ns;
  private final long startNanos;

  private volatile int state = UNDECIDED;
  private WeakReference<Object> body;
  private StreamRecorder recorder;
  private Utf8Feed utf8;

  /** The length the application announced, or -1; guarded by {@code this}. */
  private long contentLength = -1;

  /** Whether a thread is inside this exchange's {@code service} call (guards nested dispatch). */
  boolean inService;

  ServletStream(
      StreamRecorders recorders,
      RecordingWarmUp warmUp,
      Object request,
      Object response,
      String ns,
      long startNanos) {
    this.recorders = recorders;
    this.warmUp = warmUp;
    this.request = new WeakReference<>(request);
    this.response = new WeakReference<>(response);
    this.ns = ns;
    this.startNanos = startNanos;
  }

  boolean ended() {
    return state == ENDED;
  }

  /**
   * The response handed out {@code b}; the first body wins (a container's writer may wrap its
   * stream).
   */
  synchronized void attachBody(Object b, String contentType) {
    if (body != null || state == ENDED) {
      return;
    }
    body = new WeakReference<>(b);
    SseHooks.CONTEXTS.put(b, this);
    if (contentType != null && state == UNDECIDED) {
      decide(contentType);
    }
  }

  /** The application announced a body length ({@code -1}: none). */
  synchronized void contentLength(long length) {
    contentLength = length < 0 ? -1 : length;
  }

  private boolean recording() {
    int s = state;
    if (s == UNDECIDED) {
      synchronized (this) {
        if (state == UNDECIDED) {
          Object r = response.get();
          String ct = null;
          try {
            ct = r == null ? null : ServletReflection.contentType(r, ns);
          } catch (ReflectiveOperationException | RuntimeException e) {
            // undecidable: treated as not an event stream
          }
          decide(ct);
        }
        s = state;
      }
    }
    return s == RECORDING;
  }

  private void decide(String contentType) {
    if (!Headers.isEventStream(contentType)) {
      state = IGNORED;
      return;
    }
    Object req = request.get();
    Object resp = response.get();
    if (req == null || resp == null) {
      state = IGNORED;
      return;
    }
    try {
      StreamRecorder r =
          recorders.begin(
              ServletReflection.method(req, ns),
              ServletReflection.url(req, ns),
              null,
              ServletReflection.requestHeaders(req, ns),
              startNanos,
              true);
      r.onResponseHeaders(
          ServletReflection.status(resp, ns),
          ServletReflection.responseHeaders(resp, ns, contentLength),
          System.nanoTime());
      recorder = r;
      state = RECORDING;
      warmUp.start();
    } catch (ReflectiveOperationException | RuntimeException e) {
      state = IGNORED;
    }
  }

  @Override
  public void onBytes(byte[] b, int off, int len) {
    if (recording()) {
      recorder.onBytes(b, off, len, System.nanoTime());
    }
  }

  @Override
  public void onByte(int b) {
    if (recording()) {
      byte[] one = {(byte) b};
      recorder.onBytes(one, 0, 1, System.nanoTime());
    }
  }

  @Override
  public void onBytes(ByteBuffer buf) {
    if (recording()) {
      recorder.onBytes(buf, System.nanoTime());
    }
  }

  @Override
  public void onChars(char[] c, int off, int len) {
    if (recording()) {
      utf8().feed(c, off, len, recorder, System.nanoTime());
    }
  }

  @Override
  public void onChars(String s, int off, int len) {
    if (recording()) {
      utf8().feed(s, off, len, recorder, System.nanoTime());
    }
  }

  @Override
  public void onChar(int c) {
    if (recording()) {
      utf8().feed((char) c, recorder, System.nanoTime());
    }
  }

  private Utf8Feed utf8() {
    Utf8Feed u = utf8;
    if (u == null) {
      u = utf8 = new Utf8Feed();
    }
    return u;
  }

  @Override
  public void onFlush() {
    if (state == RECORDING) {
      recorder.onWireWrite(System.nanoTime());
    }
  }

  @Override
  public void onFailure(Throwable thrown) {
    if (thrown instanceof IOException) {
      end(CloseReason.CLIENT_ABORT);
    }
  }

  @Override
  public void onClose() {
    end(CloseReason.COMPLETED);
  }

  @Override
  public void onWriterError() {
    end(CloseReason.CLIENT_ABORT);
  }

  /**
   * Ends the exchange once. A normal end counts as the moment the container flushes what is left,
   * so events the application never flushed show their whole delay.
   */
  void end(CloseReason reason) {
    StreamRecorder r;
    synchronized (this) {
      if (state == ENDED) {
        return;
      }
      r = state == RECORDING ? recorder : null;
      state = ENDED;
      recorder = null;
      SseHooks.CONTEXTS.remove(response.get(), this);
      if (body != null) {
        SseHooks.CONTEXTS.remove(body.get(), this);
      }
    }
    if (r != null) {
      long now = System.nanoTime();
      if (reason == CloseReason.COMPLETED) {
        r.onWireWrite(now);
      }
      r.onEnd(reason, now);
    }
  }
}
