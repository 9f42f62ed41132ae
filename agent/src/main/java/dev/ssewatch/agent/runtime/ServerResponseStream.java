package dev.ssewatch.agent.runtime;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.agent.bootstrap.SseHooks;
import dev.ssewatch.core.stream.StreamRecorder;
import dev.ssewatch.core.stream.StreamRecorders;
import dev.ssewatch.core.telemetry.CloseReason;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;

/**
 * One event stream of a server that is neither Servlet nor Netty, from the moment its response
 * committed as {@code text/event-stream} to its end. Only event streams get one, so other responses
 * cost a failed lookup per write. The objects that carry its body (a stream, a channel, their
 * wrappers) are held weakly, as the keys under which it is found.
 *
 * <p>A stream whose first write comes before its response commits, on a server that adds headers at
 * the commit (Undertow's {@code EncodingHandler} adds {@code Content-Encoding}), is {@linkplain
 * #holding held}: its bytes wait with their write times ({@link HeldBytes}) and the record begins
 * at the commit, with the headers that went on the wire.
 */
final class ServerResponseStream extends BodyContext implements Utf8Feed.Sink {

  private static final int MAX_KEYS = 4;

  private volatile StreamRecorder recorder;

  /** Until the response commits, for a held stream: what begins its record, and its bytes. */
  private volatile Holding holding;

  private final WeakReference<?>[] keys = new WeakReference<?>[MAX_KEYS];
  private int keyCount;
  private Utf8Feed utf8;

  /** Bytes copied out of the server's buffers on their way to the recorder (Helidon's). */
  private byte[] scratch;

  /** The byte of a {@code write(int)}, made at the first. */
  private byte[] oneByte;

  /** Between the start of a flush and its end; the body's writes come from one thread at a time. */
  private boolean flushing;

  /**
   * Whether the server's own compressor, below the writes read here, reports its output ({@link
   * #attachCompressorOutput}): the writes are then the event stream before the coding, parsed but
   * not counted, and the compressor's output is the stream's bytes.
   */
  private volatile boolean compressedBelow;

  /** Whether a written byte was counted as the stream's (too late for the compressor's output). */
  private boolean bytesCounted;

  /** Whether the body was closed while the compressor below had yet to write the coding's end. */
  private boolean closing;

  ServerResponseStream(StreamRecorder recorder) {
    this.recorder = recorder;
  }

  /** What a held stream begins its record with, and the bytes written until then. */
  private record Holding(
      StreamRecorders recorders,
      WeakReference<Object> exchange,
      long startNanos,
      HeldBytes bytes) {}

  /**
   * A stream whose response has not committed yet: recorded from {@link #committed}, the exchange
   * then read again by {@code UndertowExchanges}.
   */
  static ServerResponseStream holding(StreamRecorders recorders, Object exchange, long startNanos) {
    ServerResponseStream s = new ServerResponseStream(null);
    s.holding = new Holding(recorders, new WeakReference<>(exchange), startNanos, new HeldBytes());
    return s;
  }

  /**
   * The response commits; {@code compressorOutput} is the output of the compressor the server put
   * below the writes read here, or null. A held stream begins its record now, with the headers as
   * they go on the wire; its held bytes are parsed only if that output is the stream's bytes.
   */
  synchronized void committed(Object compressorOutput) {
    if (compressorOutput != null) {
      attachCompressorOutput(compressorOutput);
    }
    if (holding != null) {
      begin(System.nanoTime());
    }
  }

  /** Under the lock, while held: begins the record and hands it the held bytes. */
  private void begin(long now) {
    Holding h = holding;
    holding = null;
    Object exchange = h.exchange().get();
    try {
      ServerExchange x = exchange == null ? null : UndertowExchanges.describe(exchange);
      if (x != null) {
        StreamRecorder r =
            h.recorders()
                .begin(x.method(), x.url(), null, x.requestHeaders(), h.startNanos(), true);
        r.onResponseHeaders(x.status(), x.responseHeaders(), now);
        recorder = r;
        h.bytes().replay(this);
        return;
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      // unreadable: not recorded
    }
    unbind();
  }

  /** While held: the bytes wait for the commit, or begin the record when they do not fit. */
  private synchronized void hold(byte[] b, int off, int len, long nanos) {
    Holding h = holding;
    if (h != null && h.bytes().fits(len)) {
      h.bytes().add(b, off, len, nanos);
      return;
    }
    if (h != null) {
      begin(nanos);
    }
    StreamRecorder r = recorder;
    if (r != null) {
      onBytes(b, off, len, nanos);
    }
  }

  /** Binds {@code key} to this stream; a stream has at most a few such objects. */
  synchronized void bind(Object key) {
    if (ended() || keyCount == MAX_KEYS) {
      return;
    }
    for (int i = 0; i < keyCount; i++) {
      if (keys[i].get() == key) {
        return;
      }
    }
    keys[keyCount++] = new WeakReference<>(key);
    SseHooks.CONTEXTS.put(key, this);
  }

  /**
   * The server's compressor writes this stream's coded body through {@code output}, whose advice
   * reports each write ({@link #onCompressedBytes(int)}): from now on that output is the stream's
   * bytes and wire activity. Not taken once a written byte was counted, nor after the end. Called
   * once per stream, as the response commits.
   */
  synchronized boolean attachCompressorOutput(Object output) {
    if (ended() || bytesCounted || keyCount == MAX_KEYS) {
      return false;
    }
    bind(output);
    compressedBelow = true;
    return true;
  }

  /**
   * A scratch array of {@code size} bytes, made on first use and then reused for every write:
   * writes to one stream come one at a time, and the recorder reads the bytes during the call.
   */
  byte[] scratch(int size) {
    byte[] s = scratch;
    if (s == null || s.length != size) {
      s = scratch = new byte[size];
    }
    return s;
  }

  boolean ended() {
    return recorder == null && holding == null;
  }

  @Override
  public void onBytes(byte[] b, int off, int len) {
    onBytes(b, off, len, System.nanoTime());
  }

  /** Written bytes, or characters the application wrote encoded to UTF-8. */
  @Override
  public void onBytes(byte[] b, int off, int len, long nanos) {
    StreamRecorder r = recorder;
    if (r == null && holding != null) {
      hold(b, off, len, nanos);
    } else if (r != null) {
      if (compressedBelow) {
        r.onCodedBytes(0, b, off, len, nanos);
      } else {
        bytesCounted |= len > 0;
        r.onBytes(b, off, len, nanos);
      }
    }
  }

  @Override
  public void onByte(int b) {
    StreamRecorder r = recorder;
    if (r != null || holding != null) {
      // Reused: the recorder and the held bytes are done with it when onBytes returns, and writes
      // to one body come one at a time.
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
    StreamRecorder r = recorder;
    if (r == null && holding != null) {
      // Copied: only before the commit, usually once.
      byte[] copy = new byte[buf.remaining()];
      buf.duplicate().get(copy);
      hold(copy, 0, copy.length, System.nanoTime());
    } else if (r != null) {
      if (compressedBelow) {
        r.onCodedBytes(0, buf, System.nanoTime());
      } else {
        bytesCounted |= buf.hasRemaining();
        r.onBytes(buf, System.nanoTime());
      }
    }
  }

  /** The compressor below wrote {@code len} coded bytes of this stream toward the socket. */
  @Override
  public void onCompressedBytes(int len) {
    StreamRecorder r = recorder;
    if (r != null && len > 0 && compressedBelow) {
      r.onCodedBytes(len, null, 0, 0, System.nanoTime());
    }
  }

  @Override
  public void onChars(char[] c, int off, int len) {
    StreamRecorder r = recorder;
    if (r != null || holding != null) {
      utf8().feed(c, off, len, this, System.nanoTime());
    }
  }

  @Override
  public void onChars(String s, int off, int len) {
    StreamRecorder r = recorder;
    if (r != null || holding != null) {
      utf8().feed(s, off, len, this, System.nanoTime());
    }
  }

  @Override
  public void onChar(int c) {
    StreamRecorder r = recorder;
    if (r != null || holding != null) {
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

  @Override
  public void onFlushBegin() {
    StreamRecorder r = recorder;
    if (r != null) {
      flushing = true;
      r.onWireWriteBegun();
    }
  }

  @Override
  public void onFlush() {
    flushing = false;
    StreamRecorder r = recorder;
    if (r != null) {
      r.onWireWrite(System.nanoTime());
    }
  }

  /** After a write, or after a non-blocking flush that left bytes for later. */
  @Override
  public void onWritten() {
    if (flushing) {
      flushReturned();
    }
  }

  private void flushReturned() {
    flushing = false;
    StreamRecorder r = recorder;
    if (r != null) {
      r.onWireWriteReturned();
    }
  }

  /**
   * A write that failed with an {@code IOException}, or with an unchecked exception wrapping one
   * (as Helidon's socket writer throws), lost its client.
   */
  @Override
  public void onFailure(Throwable thrown) {
    if (flushing) {
      flushReturned();
    }
    if (thrown instanceof IOException || thrown.getCause() instanceof IOException) {
      end(CloseReason.CLIENT_ABORT);
    }
  }

  /**
   * The body was closed or the exchange terminated. With a compressor below, the first close comes
   * before the compressor writes the coding's end ({@link #onContainerCompleted}), which is the
   * end; a second one (the exchange terminated) ends the stream regardless.
   */
  @Override
  public void onClose() {
    synchronized (this) {
      if (compressedBelow && !closing) {
        closing = true;
        return;
      }
    }
    end(CloseReason.COMPLETED);
  }

  /** The compressor below wrote the coding's end: the body is complete on its way out. */
  @Override
  public void onContainerCompleted(Throwable failure) {
    end(CloseReason.COMPLETED);
  }

  @Override
  public void onWriterError() {
    end(CloseReason.CLIENT_ABORT);
  }

  /** Under the lock: this stream is no longer found under its keys. */
  private void unbind() {
    for (int i = 0; i < keyCount; i++) {
      SseHooks.CONTEXTS.remove(keys[i].get(), this);
      keys[i] = null;
    }
    keyCount = 0;
  }

  /**
   * Ends the stream once. A normal end is the moment the server writes what is left, so events the
   * application never flushed show their whole delay.
   */
  void end(CloseReason reason) {
    StreamRecorder r;
    synchronized (this) {
      if (holding != null) {
        // Never committed as far as the agent saw: recorded with the headers as they are.
        begin(System.nanoTime());
      }
      r = recorder;
      if (r == null) {
        return;
      }
      recorder = null;
      unbind();
    }
    long now = System.nanoTime();
    if (reason == CloseReason.COMPLETED) {
      r.onWireWrite(now);
    }
    r.onEnd(reason, now);
  }
}
