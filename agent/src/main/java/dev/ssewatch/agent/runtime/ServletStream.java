package dev.ssewatch.agent.runtime;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.agent.bootstrap.SseHooks;
import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.http.Headers;
import dev.ssewatch.core.stream.StreamRecorder;
import dev.ssewatch.core.stream.StreamRecorders;
import dev.ssewatch.core.telemetry.CloseReason;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * One servlet exchange, from the outermost {@code service} (or filter) to its end. Whether it is an
 * event stream is decided once, from the content type when the body is handed out or, failing that,
 * at the first write; other exchanges cost a lookup per write and nothing else.
 *
 * <p>An event stream is recorded from the moment its response commits, with the status and headers
 * read then: the container adds some of its own at commit ({@code Content-Encoding} from its
 * compression, {@code Content-Length} for a response finished without a flush), and those are the
 * ones the client's intermediaries act on. Until then its bytes are held ({@link HeldBytes}) and
 * replayed with their write times, so the events' write-to-wire delays are unchanged. The commit is
 * looked for after each write and flush while it has not happened, and where the container finishes
 * the response after the application returned (Tomcat, Jetty 12, Undertow: {@link
 * #onContainerFinished(Throwable)}).
 *
 * <p>Request and response are held weakly: containers recycle them, and the agent must not keep
 * them (or their class loader) alive.
 */
final class ServletStream extends BodyContext implements Utf8Feed.Sink {

  private static final int UNDECIDED = 0;
  private static final int HOLDING = 1;
  private static final int RECORDING = 2;
  private static final int IGNORED = 3;
  private static final int ENDED = 4;

  /**
   * Response classes whose container tells the agent when it finishes the response (see {@code
   * ContainerFinishInstrumentation}): an exchange whose response has not committed when the
   * application returns waits for that, so that the headers the container adds are recorded.
   * Elsewhere it ends when the application returns, with the headers set by then.
   */
  private static final String[] FINISHING_CONTAINERS = {
    "org.apache.catalina.connector.ResponseFacade",
    "org.eclipse.jetty.ee10.servlet.ServletApiResponse",
    "io.undertow.servlet.spec.HttpServletResponseImpl",
    // Through the OutputBuffer tied to the exchange (see ContainerBodies).
    "org.glassfish.grizzly.servlet.HttpServletResponseImpl"
  };

  /**
   * Response classes whose container tells the agent when it is done with the exchange, however it
   * ended ({@link #onContainerCompleted}): Jetty 12, at {@code
   * ServletChannelState.completeResponse}, which every request reaches, whether or not its response
   * was finished by {@code completeOutput}. A stream whose compressor below is tied to it ends
   * there, not at {@code completeOutput}: Jetty skips that for a response it aborts (12.1 aborts
   * one whose body is shorter than its {@code Content-Length}; a completion while a non-blocking
   * write is unready, a failed connection), and where it runs it may return before the compressor
   * has written the rest: with a non-blocking write still pending it only marks the output to close
   * when that write completes, and the handler deflates a pending write's rest, and the trailer
   * after it, only as the connection takes each buffer. The request's completion comes after the
   * last of them ({@code completeOutput}'s callback), so every compressed byte is counted before
   * the end.
   */
  private static final String[] COMPLETING_CONTAINERS = {
    "org.eclipse.jetty.ee10.servlet.ServletApiResponse"
  };

  /**
   * Undertow's servlet response: under its {@code EncodingHandler} the body's close and the
   * container's finish ({@code responseDone}) come before the compressor has written everything
   * when the output is non-blocking (they only start closing it; the compressor writes the rest,
   * and its trailer, as the connection takes them). Such a stream ends when the compressor has
   * written the end of its coding ({@link #onContainerCompleted}, from {@code
   * DeflatingStreamSinkConduit}), so that those bytes count; a failed write or the listener's
   * {@code onError} still ends it as the client's abort.
   */
  private static final String UNDERTOW_RESPONSE =
      "io.undertow.servlet.spec.HttpServletResponseImpl";

  /** Whether the container finished the response's output, its end waiting for the compressor. */
  private volatile boolean outputFinished;

  private final StreamRecorders recorders;
  private final RecordingWarmUp warmUp;
  private final WeakReference<Object> request;
  private final WeakReference<Object> response;
  private final String ns;
  private final long startNanos;

  private volatile int state = UNDECIDED;
  private WeakReference<Object> body;
  private WeakReference<Object> innerBody;
  private WeakReference<Object> writeListener;
  private StreamRecorder recorder;
  private Utf8Feed utf8;

  /** The byte of a {@code write(int)}, made at the first. */
  private byte[] oneByte;

  /**
   * The response's content coding when it was recorded, until the first body byte tells whether the
   * agent sees the body coded (see {@link CodedBody#sniffed}); then {@code coded}, if it does.
   */
  private String coding;

  private CodedBody coded;

  /**
   * Whether a compressor below the servlet layer keeps what a flush hands it (see {@link
   * ContainerBodies#compressorHoldsFlushes}): the servlet's flushes are then not wire writes, and
   * the events wait for the end or the periodic check, which raises {@code write_delay}.
   */
  private boolean flushesHeldBelow;

  /**
   * Whether the container's own compressor, below the servlet layer, reports its output for this
   * exchange ({@link #attachCompressorOutput}): the servlet's bytes are then the event stream
   * before the coding, parsed and timed but not counted, and the compressor's output is the
   * stream's bytes.
   */
  private boolean compressedBelow;

  /** Whether a byte the servlet wrote was counted as the stream's (decides too late for above). */
  private boolean servletBytesCounted;

  /**
   * The bytes the servlet wrote into the recorded stream (held bytes once replayed), to tell a body
   * cut short of its announced length from a client's going away. Written by the writing thread and
   * read when the container completes the exchange, which its own locks order after the writes.
   */
  private long servletWritten;

  /** The object the compressor's output passes through, a key of {@code SseHooks.CONTEXTS}. */
  private WeakReference<Object> compressorOutput;

  /** Compressor output reported while holding, counted when the record begins. */
  private long heldCompressed;

  /** While holding: the request as read when the stream was recognised, and the held bytes. */
  private String method;

  private String url;
  private List<Header> requestHeaders;
  private HeldBytes held;

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
    Object inner = ContainerBodies.inner(response.get(), b);
    if (inner != null) {
      innerBody = new WeakReference<>(inner);
      SseHooks.CONTEXTS.put(inner, this);
    }
    if (contentType != null && state == UNDECIDED) {
      decide(contentType);
    }
  }

  /**
   * A container's compressor below the servlet layer writes this exchange's body through {@code
   * output}, whose instrumentation reports each write ({@link #onCompressedBytes(int)}): from now
   * on the servlet's bytes are parsed for events but not counted, and the compressor's output is
   * the stream's bytes and wire activity, so that {@code bytes} is what went on the wire. Returns
   * whether it was taken: not once a byte the servlet wrote has been counted (its count would be
   * neither the one nor the other), nor after the end. Called once per exchange, from the
   * container's code that sets its compressor up or first writes through it, never per write.
   */
  synchronized boolean attachCompressorOutput(Object output) {
    if (!mayCountBelow()) {
      return false;
    }
    tie(output);
    compressedBelow = true;
    return true;
  }

  /**
   * Under the lock: whether the compressor's output can still be the stream's bytes (no servlet
   * byte counted yet, no coding seen above the container, not ended).
   */
  private boolean mayCountBelow() {
    return state != ENDED && state != IGNORED && !servletBytesCounted && coded == null;
  }

  /** Under the lock: {@code output} is the one compressor output this exchange is found under. */
  private void tie(Object output) {
    untie();
    compressorOutput = new WeakReference<>(output);
    SseHooks.CONTEXTS.put(output, this);
  }

  /** Under the lock: no compressor output finds this exchange any more. */
  private void untie() {
    if (compressorOutput != null) {
      SseHooks.CONTEXTS.remove(compressorOutput.get(), this);
      compressorOutput = null;
    }
  }

  /** Whether this exchange is an event stream, deciding it from the content type if not yet. */
  boolean eventStream() {
    int s = state();
    return s == HOLDING || s == RECORDING;
  }

  /**
   * As {@link #attachCompressorOutput}, for a compressor that may yet leave this exchange's body
   * alone (Jetty's {@code GzipHandler} decides when the response commits, from its type and
   * length): {@code output} is tied to the exchange now, and taken at its first compressed output,
   * which only comes once it compresses. Until then nothing changes.
   */
  synchronized void watchCompressorOutput(Object output) {
    if (state == ENDED || state == IGNORED || compressorOutput != null) {
      return;
    }
    tie(output);
  }

  /**
   * The first output of a watched compressor: taken as {@link #attachCompressorOutput} takes it,
   * or, when that is refused, untied, so that its further output costs a lookup that misses.
   */
  private synchronized boolean takeWatchedCompressor() {
    if (!compressedBelow && compressorOutput != null) {
      if (mayCountBelow()) {
        compressedBelow = true;
      } else {
        untie();
      }
    }
    return compressedBelow;
  }

  /** The application announced a body length ({@code -1}: none). */
  synchronized void contentLength(long length) {
    contentLength = length < 0 ? -1 : length;
  }

  /** The state, deciding it from the response's content type on the first write. */
  private int state() {
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
    return s;
  }

  /** Under the lock: an event stream starts holding its bytes until the response commits. */
  private void decide(String contentType) {
    Object req = request.get();
    if (!Headers.isEventStream(contentType) || req == null) {
      state = IGNORED;
      return;
    }
    try {
      // Read now: by the time the response commits the container may have recycled the request.
      method = ServletReflection.method(req, ns);
      url = ServletReflection.url(req, ns);
      requestHeaders = ServletReflection.requestHeaders(req, ns);
      held = new HeldBytes();
      state = HOLDING;
      Object compressor = ContainerBodies.jettyCompressor(response.get(), requestHeaders);
      if (compressor != null) {
        watchCompressorOutput(compressor);
      }
      warmUp.start();
    } catch (ReflectiveOperationException | RuntimeException e) {
      state = IGNORED;
    }
  }

  /** Under the lock: whether the response has committed (unknown counts as not yet). */
  private boolean committed() {
    Object r = response.get();
    if (r == null) {
      return false;
    }
    try {
      return ServletReflection.isCommitted(r);
    } catch (Throwable t) {
      return false;
    }
  }

  /**
   * Under the lock, while holding: begins the record with the response as it is now, hands it the
   * held bytes and records from here on.
   */
  private void startRecording(long now) {
    Object resp = response.get();
    HeldBytes h = held;
    held = null;
    if (resp == null) {
      state = IGNORED;
      return;
    }
    try {
      StreamRecorder r = recorders.begin(method, url, null, requestHeaders, startNanos, true);
      requestHeaders = null;
      List<Header> headers = ServletReflection.responseHeaders(resp, ns, contentLength);
      r.onResponseHeaders(ServletReflection.status(resp, ns), headers, now);
      coding = Headers.first(headers, "Content-Encoding");
      flushesHeldBelow = coding != null && ContainerBodies.compressorHoldsFlushes(resp);
      h.replay((b, off, len, nanos) -> toRecorder(r, b, off, len, nanos));
      if (heldCompressed > 0) {
        r.onCodedBytes((int) Math.min(Integer.MAX_VALUE, heldCompressed), null, 0, 0, now);
        heldCompressed = 0;
      }
      recorder = r;
      state = RECORDING;
    } catch (ReflectiveOperationException | RuntimeException e) {
      state = IGNORED;
    }
  }

  /** While holding: starts recording if the response has committed meanwhile. */
  private void startIfCommitted(boolean flushed) {
    StreamRecorder r = null;
    long now = 0;
    synchronized (this) {
      if (state == HOLDING && committed()) {
        now = System.nanoTime();
        startRecording(now);
        r = state == RECORDING && !flushesHeldBelow ? recorder : null;
      }
    }
    if (r != null && flushed) {
      r.onWireWrite(now);
    }
  }

  /**
   * Bytes to the recorder: as they are; when the container's compressor below reports its output,
   * parsed only (that output is what is counted); or, when an application's filter compressed them
   * above the container, as coded bytes on the wire decoded for the parser.
   */
  private void toRecorder(StreamRecorder r, byte[] b, int off, int len, long nanos) {
    servletWritten += len;
    if (compressedBelow) {
      r.onCodedBytes(0, b, off, len, nanos);
      return;
    }
    if (coding != null && len > 0) {
      coded = CodedBody.sniffed(coding, b[off] & 0xff, len > 1 ? b[off + 1] & 0xff : -1);
      coding = null;
    }
    CodedBody c = coded;
    if (c == null) {
      servletBytesCounted |= len > 0;
      r.onBytes(b, off, len, nanos);
    } else {
      c.onBytes(b, off, len, r, nanos);
    }
  }

  @Override
  public void onBytes(byte[] b, int off, int len, long nanos) {
    int s = state();
    StreamRecorder r = recorder;
    if (s == RECORDING && r != null) {
      toRecorder(r, b, off, len, nanos);
    } else if (s == HOLDING) {
      hold(b, off, len, nanos);
    }
  }

  private void hold(byte[] b, int off, int len, long nanos) {
    StreamRecorder r = null;
    synchronized (this) {
      if (state == HOLDING) {
        if (held.fits(len)) {
          held.add(b, off, len, nanos);
          return;
        }
        // More than a response buffer without a commit: recorded with the headers set so far.
        startRecording(nanos);
      }
      if (state == RECORDING) {
        r = recorder;
      }
    }
    if (r != null) {
      toRecorder(r, b, off, len, nanos);
    }
  }

  @Override
  public void onBytes(byte[] b, int off, int len) {
    onBytes(b, off, len, System.nanoTime());
  }

  @Override
  public void onByte(int b) {
    int s = state();
    if (s == RECORDING || s == HOLDING) {
      // Reused: the recorder and the held bytes are done with it when onBytes returns, and writes
      // to one body come from one thread at a time.
      byte[] one = oneByte;
      if (one == null) {
        one = oneByte = new byte[1];
      }
      one[0] = (byte) b;
      onBytes(one, 0, 1, System.nanoTime());
    }
  }

  @Override
  public void onBytes(ByteBuffer buf) {
    int s = state();
    StreamRecorder r = recorder;
    if (s == RECORDING && r != null) {
      servletWritten += buf.remaining();
      if (compressedBelow) {
        r.onCodedBytes(0, buf, System.nanoTime());
        return;
      }
      if (coding != null && buf.hasRemaining()) {
        int p = buf.position();
        coded =
            CodedBody.sniffed(
                coding, buf.get(p) & 0xff, buf.remaining() > 1 ? buf.get(p + 1) & 0xff : -1);
        coding = null;
      }
      CodedBody c = coded;
      if (c == null) {
        servletBytesCounted |= buf.hasRemaining();
        r.onBytes(buf, System.nanoTime());
      } else {
        c.onBytes(buf, r, System.nanoTime());
      }
    } else if (s == HOLDING && buf.hasRemaining()) {
      byte[] copy = new byte[buf.remaining()];
      buf.duplicate().get(copy);
      hold(copy, 0, copy.length, System.nanoTime());
    }
  }

  @Override
  public void onChars(char[] c, int off, int len) {
    int s = state();
    if (s == RECORDING || s == HOLDING) {
      utf8().feed(c, off, len, this, System.nanoTime());
    }
  }

  @Override
  public void onChars(String str, int off, int len) {
    int s = state();
    if (s == RECORDING || s == HOLDING) {
      utf8().feed(str, off, len, this, System.nanoTime());
    }
  }

  @Override
  public void onChars(CharBuffer buf) {
    int s = state();
    if (s == RECORDING || s == HOLDING) {
      utf8().feed(buf, this, System.nanoTime());
    }
  }

  @Override
  public void onChar(int c) {
    int s = state();
    if (s == RECORDING || s == HOLDING) {
      utf8().feed((char) c, this, System.nanoTime());
    }
  }

  private Utf8Feed utf8() {
    Utf8Feed u = utf8;
    if (u == null) {
      u = utf8 = new Utf8Feed();
    }
    return u;
  }

  /**
   * The compressor below wrote {@code len} bytes of this exchange's body toward the socket: the
   * stream's bytes and wire activity. Before the record begins they wait for it; once a byte the
   * servlet wrote was counted they are not counted again.
   */
  @Override
  public void onCompressedBytes(int len) {
    if (len <= 0 || (!compressedBelow && !takeWatchedCompressor())) {
      return;
    }
    int s = state;
    StreamRecorder r = recorder;
    if (s == RECORDING && r != null) {
      r.onCodedBytes(len, null, 0, 0, System.nanoTime());
    } else if (s == HOLDING || s == UNDECIDED) {
      synchronized (this) {
        r = recorder;
        if (state == RECORDING && r != null) {
          r.onCodedBytes(len, null, 0, 0, System.nanoTime());
        } else if (state == HOLDING || state == UNDECIDED) {
          heldCompressed += len;
        }
      }
    }
  }

  @Override
  public void onWritten() {
    if (state == HOLDING) {
      // A write larger than the container's buffer commits the response inside it.
      startIfCommitted(false);
    }
  }

  /**
   * A flush of a recorded stream began: the events written so far wait for it rather than go out at
   * the periodic check with no write-to-wire time, however slow it is (a first flush that loads the
   * container's classes on a loaded machine). A flush that carries nothing of the stream's (most of
   * Spring MVC's: it flushes after each part of an event) costs a field read; bytes written during
   * a flush are nested in it and not the stream's, so it still carries nothing when it returns.
   */
  @Override
  public void onFlushBegin() {
    StreamRecorder r = recorder;
    if (state == RECORDING && r != null && !flushesHeldBelow && r.awaitsWireWrite()) {
      r.onWireWriteBegun();
    }
  }

  @Override
  public void onFlush() {
    // Decides too: a response flushed before its body is handed out (flushBuffer) commits there.
    int s = state();
    StreamRecorder r = recorder;
    if (s == RECORDING && r != null) {
      if (!flushesHeldBelow && r.awaitsWireWrite()) {
        r.onWireWrite(System.nanoTime());
      }
    } else if (s == HOLDING) {
      startIfCommitted(true);
    }
  }

  @Override
  public void onFailure(Throwable thrown) {
    StreamRecorder r = recorder;
    if (r != null) {
      // A failed flush did not reach the socket: held events are the periodic check's again.
      r.onWireWriteReturned();
    }
    if (thrown instanceof IOException) {
      end(CloseReason.CLIENT_ABORT);
    }
  }

  @Override
  public void onClose() {
    if (!endsAfterCompressor()) {
      end(CloseReason.COMPLETED);
    }
  }

  @Override
  public synchronized void onWriteListener(Object listener) {
    if (state != ENDED && writeListener == null) {
      writeListener = new WeakReference<>(listener);
      SseHooks.CONTEXTS.put(listener, this);
    }
  }

  @Override
  public void onAsyncError(Throwable error) {
    end(CloseReason.CLIENT_ABORT);
  }

  @Override
  public void onWriterError() {
    end(CloseReason.CLIENT_ABORT);
  }

  /**
   * The application is done with the exchange ({@code service} returned without going asynchronous,
   * or {@code AsyncContext.complete()}). A response that has not committed yet is finished by the
   * container, which may add headers when it commits; a compressor below the servlet layer writes
   * the end of its coding then: where the container says when it is done, the end waits for that.
   */
  void applicationDone() {
    synchronized (this) {
      boolean following = state == HOLDING || state == RECORDING;
      if ((state == HOLDING && !committed() || compressedBelow && following)
          && finishedByContainer()) {
        return;
      }
    }
    end(CloseReason.COMPLETED);
  }

  private boolean finishedByContainer() {
    Object r = response.get();
    return r != null && named(r, FINISHING_CONTAINERS);
  }

  private static boolean named(Object o, String[] classNames) {
    String name = o.getClass().getName();
    for (String c : classNames) {
      if (c.equals(name)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void onContainerFinished(Throwable failure) {
    if (failure == null && endsAfterCompressor()) {
      outputFinished = true;
      return;
    }
    end(failure instanceof IOException ? CloseReason.CLIENT_ABORT : CloseReason.COMPLETED);
  }

  /**
   * Whether the body's end waits for the container's completion because a compressor below may
   * still write (see {@link #COMPLETING_CONTAINERS} and {@link #UNDERTOW_RESPONSE}); the response
   * has committed by then, and its record begins now if it had not.
   */
  private synchronized boolean endsAfterCompressor() {
    if ((compressedBelow || compressorOutput != null) && (containerCompletes() || undertow())) {
      if (state == HOLDING && committed()) {
        startRecording(System.nanoTime());
      }
      return true;
    }
    return false;
  }

  /**
   * The container is done with the exchange: whatever is still open ends here, with the reason its
   * failure gives (a no-op for a stream that ended already).
   */
  @Override
  public void onContainerCompleted(Throwable failure) {
    end(completionReason(failure));
  }

  /**
   * Why the container ended the exchange: {@code null} is a response written to its end; a body
   * shorter than the length the application announced was cut off by the server ({@code
   * upstream_abort}, whatever Jetty's failure says: it aborts such a response with an {@code
   * IOException}); a timeout (the connection's idle timeout) is {@code idle_timeout}; an {@code
   * IOException} is the client gone. Any other failure (an async timeout, an error the application
   * raised) is {@code completed} when the container finished the output anyway (Jetty 12.0 ends a
   * timed-out response whole, yet reports the timeout), else the server's breaking it off.
   */
  private CloseReason completionReason(Throwable failure) {
    if (failure == null) {
      return CloseReason.COMPLETED;
    }
    long announced;
    long written;
    synchronized (this) {
      announced = contentLength;
      // A stream still holding its bytes counts them when its record begins, at the end.
      written = servletWritten + (state == HOLDING && held != null ? held.size() : 0);
    }
    if (announced >= 0 && written < announced) {
      return CloseReason.UPSTREAM_ABORT;
    }
    if (causedBy(failure, TimeoutException.class)) {
      return CloseReason.IDLE_TIMEOUT;
    }
    if (causedBy(failure, IOException.class)) {
      return CloseReason.CLIENT_ABORT;
    }
    return outputFinished ? CloseReason.COMPLETED : CloseReason.UPSTREAM_ABORT;
  }

  /** Whether {@code failure} or one of its first causes is a {@code type}. */
  private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
    Throwable t = failure;
    for (int i = 0; t != null && i < 8; i++, t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private boolean undertow() {
    Object r = response.get();
    return r != null && UNDERTOW_RESPONSE.equals(r.getClass().getName());
  }

  private boolean containerCompletes() {
    Object r = response.get();
    return r != null && named(r, COMPLETING_CONTAINERS);
  }

  /**
   * Ends the exchange once. A normal end counts as the moment the container flushes what is left,
   * so events the application never flushed show their whole delay. A stream still holding its
   * bytes is recorded first, with the headers as they are now.
   */
  void end(CloseReason reason) {
    StreamRecorder r;
    long now = System.nanoTime();
    synchronized (this) {
      if (state == ENDED) {
        return;
      }
      if (state == HOLDING) {
        startRecording(now);
      }
      r = state == RECORDING ? recorder : null;
      state = ENDED;
      recorder = null;
      held = null;
      coding = null;
      if (coded != null) {
        coded.close();
        coded = null;
      }
      requestHeaders = null;
      SseHooks.CONTEXTS.remove(response.get(), this);
      if (body != null) {
        SseHooks.CONTEXTS.remove(body.get(), this);
      }
      if (innerBody != null) {
        SseHooks.CONTEXTS.remove(innerBody.get(), this);
      }
      if (writeListener != null) {
        SseHooks.CONTEXTS.remove(writeListener.get(), this);
      }
      untie();
    }
    if (r != null) {
      if (reason == CloseReason.COMPLETED) {
        r.onWireWrite(now);
      }
      r.onEnd(reason, now);
    }
  }
}
