package dev.ssewatch.core.stream;

import static dev.ssewatch.core.stream.StreamFlags.ENDED;
import static dev.ssewatch.core.stream.StreamFlags.EVENT_STREAM;
import static dev.ssewatch.core.stream.StreamFlags.HEADERS_SEEN;
import static dev.ssewatch.core.stream.StreamFlags.PARSER_BROKEN;

import dev.ssewatch.core.genai.GenAiStream;
import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.http.Headers;
import dev.ssewatch.core.risk.Alert;
import dev.ssewatch.core.risk.HeaderRiskDetector;
import dev.ssewatch.core.risk.RiskSettings;
import dev.ssewatch.core.sse.SseParser;
import dev.ssewatch.core.telemetry.AlertRecord;
import dev.ssewatch.core.telemetry.CloseReason;
import dev.ssewatch.core.telemetry.EventRecord;
import dev.ssewatch.core.telemetry.GenAi;
import dev.ssewatch.core.telemetry.Progress;
import dev.ssewatch.core.telemetry.StreamEnd;
import dev.ssewatch.core.telemetry.StreamStart;
import dev.ssewatch.core.trace.TraceIds;
import dev.ssewatch.core.trace.TraceParent;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Records one observed HTTP exchange, created by {@link StreamRecorders#begin}. All methods are
 * thread-safe and never throw: a failure is counted ({@link #internalErrors()}) and the exchange
 * goes on unobserved rather than broken. Times are {@link
 * dev.ssewatch.core.time.TimeSource#nanoTime()} readings from the factory's time source.
 *
 * <p>"On the wire" means bytes passed to {@link #onBytes} or a heartbeat passed to {@link
 * #onHeartbeat}; gaps are silences between them, counted from the response headers. The largest gap
 * includes the silence still going on (progress, snapshots) or ended by the stream's end.
 *
 * <p>Event records never contain event data: the parser runs in metadata mode and the bytes are
 * neither kept nor changed.
 */
public final class StreamRecorder {

  // One recorder per open stream, most of them idle for long spells: the fields are what later
  // records need and no more. Why each is as it is, and what it costs: "Memory per open stream" in
  // docs/architecture.md.
  private final StreamRecorders owner;
  private final String streamId;
  private final String method;
  private final String url;

  /** The configured route, or null for the URL's path (derived when a record needs it). */
  private final String route;

  private final long startNanos;
  private final long startEpochMillis;
  private final boolean tracksWire;

  /** The lock guarding everything below, and every callback made to the recorder. */
  private final Callbacks callbacks = new Callbacks();

  // The factory's list of open recorders; guarded by the factory's lock, not this one.
  StreamRecorder previousOpen;
  StreamRecorder nextOpen;

  /** A recognised LLM token stream or MCP call, or null (most streams). */
  private final GenAiStream genAi;

  // The exchange's W3C trace context: the caller's trace (or a new one) and this exchange's own
  // span, as longs rather than hex strings, so event records carry them without allocating.
  private final long traceIdHigh;
  private final long traceIdLow;
  private final long spanId;

  /** The caller's span from the request's traceparent, or 0 when this exchange began the trace. */
  private final long parentSpanId;

  /** The caller's trace flags, passed on in a traceparent sent further (sampled when none). */
  private final byte traceFlags;

  /** The proxy's client span for its backend call, made when it asks for a traceparent; or 0. */
  private long backendSpanId;

  /** The redacted request headers, kept only until the stream-start record took them. */
  private List<Header> requestHeaders;

  /** The raw Last-Event-ID the parser starts from, kept only until the parser exists. */
  private String initialLastEventId;

  /** What the stream has shown and which once-only detectors fired: {@link StreamFlags} bits. */
  private int flags;

  private int status;

  /**
   * Made with the first body bytes of an event stream, so a stream idle after its headers has none,
   * and suspended while the stream is quiet at an event boundary.
   */
  private SseParser parser;

  /** What the next parser goes on from, while the stream is quiet; else null. */
  private SseParser.Suspended suspendedParser;

  private long bytes;
  private long events;
  private long comments;
  private long heartbeats;

  /**
   * The rules this stream's alerts fired, in order; null until the first (most streams raise none).
   */
  private List<String> alertRules;

  private long internalErrors;

  /**
   * Events that got no record because the dispatcher was shedding, not yet reported to it: added up
   * here, under this lock, and handed over at the tick and the end, so that producers share no
   * counter per event. A short, so that it fits in the object's padding; handed over early, once
   * every 32767 events, before it overflows.
   */
  private short shedEvents;

  /** Last bytes or heartbeat on the wire (the headers to begin with). */
  private long lastWireNanos;

  /** Last response bytes, heartbeats excluded: the server's own silences. */
  private long lastBytesNanos;

  private long largestGapNanos;
  private long firstEventNanos = -1;
  private long lastEventNanos = -1;
  private long lastProgressNanos;

  // The chunk being parsed, read by the parser callbacks. Its silence on the wire is chunkNanos
  // minus lastWireNanos, which moves only after the parser is done with the chunk.
  private long chunkNanos;
  private int chunkEvents;

  /** When the oldest bytes not yet reported on the wire were passed, or -1. */
  private long unwiredSinceNanos = -1;

  /**
   * A write toward the socket is under way: its end will report the wire time of held events. Set
   * without the lock ({@link #onWireWriteBegun}); cleared and read under it.
   */
  private boolean wireWriteUnderWay;

  private static final java.lang.invoke.VarHandle WIRE_WRITE_UNDER_WAY;

  static {
    try {
      WIRE_WRITE_UNDER_WAY =
          java.lang.invoke.MethodHandles.lookup()
              .findVarHandle(StreamRecorder.class, "wireWriteUnderWay", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /**
   * Events waiting for their wire write, or null: made for the first held event, grown up to
   * PendingEvents.MAX (most streams never hold more than a few), given back when quiet.
   */
  private PendingEvents pending;

  // The redacted form of the last event id, reused while the parser's id version does not move.
  private long lastIdVersion = -1; // none yet: even the initial id is redacted on first use
  private String lastRedactedId;

  StreamRecorder(
      StreamRecorders owner,
      String streamId,
      String method,
      String rawUrl,
      String route,
      List<Header> rawRequestHeaders,
      long startNanos,
      boolean tracksWire) {
    this.owner = owner;
    this.streamId = streamId;
    this.method = method == null ? "" : method;
    this.startNanos = startNanos;
    this.tracksWire = tracksWire;
    List<Header> raw = rawRequestHeaders == null ? List.of() : rawRequestHeaders;
    this.url = SafeRedaction.url(owner, rawUrl == null ? "" : rawUrl);
    this.route = route;
    // Read from the raw headers: redaction may change any value, and a traceparent is no secret.
    TraceParent caller = RequestFacts.traceParent(owner, raw);
    if (caller != null) {
      this.traceIdHigh = caller.traceIdHigh();
      this.traceIdLow = caller.traceIdLow();
      this.parentSpanId = caller.parentSpanId();
      this.traceFlags = caller.flags();
    } else {
      this.traceIdHigh = TraceIds.randomId();
      this.traceIdLow = TraceIds.randomId();
      this.parentSpanId = 0;
      this.traceFlags = 1;
    }
    this.spanId = TraceIds.randomId();
    this.requestHeaders = SafeRedaction.headers(owner, raw);
    this.genAi = RequestFacts.genAi(owner, this.method, rawUrl, raw, requestHeaders);
    this.initialLastEventId = RequestFacts.lastEventId(raw);
    this.startEpochMillis = RequestFacts.startEpochMillis(owner, startNanos);
    this.lastWireNanos = startNanos;
    this.lastBytesNanos = startNanos;
    this.lastProgressNanos = startNanos;
  }

  public String streamId() {
    return streamId;
  }

  /** The exchange's trace id, 32 hex digits: the caller's, or a new one. */
  public String traceId() {
    return TraceIds.traceId(traceIdHigh, traceIdLow);
  }

  /** The exchange's own span id, 16 hex digits. */
  public String spanId() {
    return TraceIds.hex(spanId);
  }

  /** The caller's span id from the request's traceparent, or null when there was none. */
  public String parentSpanId() {
    return parentSpanId == 0 ? null : TraceIds.hex(parentSpanId);
  }

  /** Whether the request carried a valid traceparent, whose trace this exchange continues. */
  public boolean continuesCallersTrace() {
    return parentSpanId != 0;
  }

  /**
   * A {@code traceparent} for a request this exchange makes further on (the proxy's call to its
   * backend): same trace, naming a client span of its own as the parent. The client span id is made
   * on the first call and kept, so the stream's records name the same one.
   */
  public String backendTraceparent() {
    synchronized (callbacks) {
      if (backendSpanId == 0) {
        backendSpanId = TraceIds.randomId();
      }
      return TraceIds.traceparent(traceIdHigh, traceIdLow, backendSpanId, traceFlags);
    }
  }

  /** The ids as the start and end records carry them; under the lock. */
  private TraceIds traceIds() {
    return TraceIds.of(traceIdHigh, traceIdLow, spanId, parentSpanId, backendSpanId);
  }

  /** Whether this exchange was begun with wire tracking ({@link #onWireWrite} will come). */
  public boolean tracksWire() {
    return tracksWire;
  }

  /**
   * The final response line and headers: emits {@code stream_start} and the header risk alerts.
   * Only the first call counts, so callers pass the final response, not an interim 1xx.
   */
  public void onResponseHeaders(int status, List<Header> headers, long nanoTime) {
    synchronized (callbacks) {
      try {
        if ((flags & (HEADERS_SEEN | ENDED)) != 0) {
          return;
        }
        flags |= HEADERS_SEEN;
        this.status = status;
        List<Header> raw = headers == null ? List.of() : headers;
        List<Header> redacted = SafeRedaction.headers(owner, raw);
        String contentType = Headers.first(redacted, "Content-Type");
        // Decided on the raw value: a boolean reveals nothing, and it must not depend on redaction.
        boolean eventStream = Headers.isEventStream(Headers.first(raw, "Content-Type"));
        if (eventStream) {
          flags |= EVENT_STREAM;
        } else {
          // No parser will ever need it.
          initialLastEventId = null;
        }
        lastWireNanos = nanoTime;
        lastBytesNanos = nanoTime;
        lastProgressNanos = nanoTime;
        long epoch = epochAt(nanoTime);
        List<Header> request = requestHeaders;
        // The record has them now; nothing later needs them, and an open stream lives long.
        requestHeaders = null;
        owner.emit(
            new StreamStart(
                streamId,
                epoch,
                owner.source(),
                method,
                url,
                route(),
                status,
                contentType,
                eventStream,
                request,
                redacted,
                Math.max(0, nanoTime - startNanos),
                startEpochMillis,
                genAi == null ? null : genAi.atStart(),
                traceIds()));
        if (genAi != null && eventStream) {
          // A model thinking before it answers may hold even the headers back: that silence
          // counts towards an idle timeout too.
          long waited = Math.max(0, nanoTime - startNanos);
          if (waited > largestGapNanos) {
            largestGapNanos = waited;
          }
          DetectorChecks.idle(waited, false, nanoTime, owner.riskSettings(), callbacks);
        }
        // Checked on the redacted headers: evidence quotes header values, so it must see only
        // what may be recorded.
        for (Alert a : HeaderRiskDetector.detect(status, request, redacted, epoch)) {
          alert(a, nanoTime);
        }
      } catch (Throwable e) {
        failed();
      }
    }
  }

  /**
   * The parser for the first body bytes of an event stream, or null when there is none (not an
   * event stream, or a parser that failed). Made on first use: many streams sit idle after their
   * headers, and a parser that has seen nothing has nothing to remember.
   */
  private SseParser parser() {
    SseParser p = parser;
    if (p != null || (flags & (EVENT_STREAM | PARSER_BROKEN)) != EVENT_STREAM) {
      return p;
    }
    try {
      p =
          suspendedParser != null
              ? SseParser.resume(callbacks, suspendedParser)
              : SseParser.metadataOnly(callbacks, initialLastEventId);
      parser = p;
      suspendedParser = null;
      initialLastEventId = null;
    } catch (Throwable e) {
      // Counts and timing still work without events.
      parserFailed();
    }
    return p;
  }

  /**
   * Response body bytes as they pass: from the backend (proxy) or as the application writes them
   * (agent). Event streams are parsed in metadata mode; the bytes are neither kept nor changed.
   */
  public void onBytes(byte[] buf, int off, int len, long nanoTime) {
    // Bytes without a content coding: each is on the wire and parsed as it is.
    onCodedBytes(len, buf, off, len, nanoTime);
  }

  /**
   * Body bytes sent in a content coding ({@code Content-Encoding: gzip}): {@code wireLen} coded
   * bytes are counted and timed as bytes on the wire, and {@code decoded[off, off + len)}, the
   * event stream bytes decoded from them so far (none for a coding the caller cannot decode), are
   * parsed as {@link #onBytes(byte[], int, int, long)} parses. Decoded bytes that come later from
   * the same coded bytes are passed with a {@code wireLen} of 0, and so are the bytes of a stream
   * whose coding is applied further on and reported on its own: bytes with a {@code wireLen} of 0
   * put nothing on the wire, so the silence there goes on.
   */
  public void onCodedBytes(int wireLen, byte[] decoded, int off, int len, long nanoTime) {
    synchronized (callbacks) {
      try {
        chunk(wireLen, decoded, null, off, len, nanoTime);
      } catch (Throwable e) {
        failed();
      }
    }
  }

  /**
   * As {@link #onCodedBytes(int, byte[], int, int, long)}, the decoded bytes between {@code
   * decoded}'s position and limit; its position is left unchanged.
   */
  public void onCodedBytes(int wireLen, ByteBuffer decoded, long nanoTime) {
    synchronized (callbacks) {
      try {
        chunk(wireLen, null, decoded, 0, decoded.remaining(), nanoTime);
      } catch (Throwable e) {
        failed();
      }
    }
  }

  /** As {@link #onBytes(byte[], int, int, long)}; the buffer's position is left unchanged. */
  public void onBytes(ByteBuffer buf, long nanoTime) {
    synchronized (callbacks) {
      try {
        int len = buf.remaining();
        chunk(len, null, buf, 0, len, nanoTime);
      } catch (Throwable e) {
        failed();
      }
    }
  }

  /**
   * Body bytes, under the lock: {@code wireLen} bytes on the wire, and {@code len} event-stream
   * bytes to parse, a slice of {@code array} or else {@code buffer}'s remaining bytes.
   */
  private void chunk(int wireLen, byte[] array, ByteBuffer buffer, int off, int len, long t) {
    if ((flags & ENDED) != 0 || (wireLen <= 0 && len <= 0)) {
      return;
    }
    if (buffer == null && len > 0 && (off < 0 || off > array.length - len)) {
      failed();
      return;
    }
    long silence = beforeBytes(Math.max(0, wireLen), t);
    SseParser p = len > 0 ? parser() : null;
    if (p != null) {
      try {
        if (buffer == null) {
          p.feed(array, off, len);
        } else {
          p.feed(buffer);
        }
      } catch (Throwable e) {
        parserFailed();
      }
    }
    afterBytes(wireLen > 0, silence, t);
  }

  /**
   * A parser that threw is in an unknown state: stop parsing (bytes and timing are still recorded)
   * and never again claim an event boundary, so no heartbeat gets inserted mid-event.
   */
  private void parserFailed() {
    parser = null;
    suspendedParser = null;
    initialLastEventId = null;
    flags |= PARSER_BROKEN;
    failed();
  }

  /**
   * Counts the bytes and sets up the chunk for the parser callbacks; returns the server's silence.
   */
  private long beforeBytes(int len, long t) {
    bytes += len;
    chunkNanos = t;
    chunkEvents = 0;
    return Math.max(0, t - lastBytesNanos);
  }

  /**
   * The chunk's timing; {@code onWire}: whether it put bytes on the wire. One that did not (the
   * event stream as written before a coding applied further on, whose output comes on its own) is
   * the server's activity but leaves the silence on the wire running.
   */
  private void afterBytes(boolean onWire, long silence, long t) {
    long gap = onWire ? Math.max(0, t - lastWireNanos) : 0;
    if (gap > largestGapNanos) {
      largestGapNanos = gap;
    }
    if ((flags & EVENT_STREAM) != 0) {
      RiskSettings risk = owner.riskSettings();
      DetectorChecks.burst(chunkEvents, silence, genAi, t, risk, callbacks);
      if (onWire) {
        DetectorChecks.idle(gap, false, t, risk, callbacks);
      }
      DetectorChecks.heartbeats(comments, silence, Math.max(0, t - startNanos), t, risk, callbacks);
      if (tracksWire && unwiredSinceNanos < 0) {
        unwiredSinceNanos = t;
      }
    }
    if (onWire && t > lastWireNanos) {
      lastWireNanos = t;
    }
    if (t > lastBytesNanos) {
      lastBytesNanos = t;
    }
  }

  /**
   * Everything passed to {@code onBytes} so far has reached the client socket (proxy: the write
   * completed; agent: the flush returned). Only for exchanges begun with wire tracking; callers
   * that never know this don't call it.
   */
  public void onWireWrite(long nanoTime) {
    guarded(StreamRecorder::wireWrite, nanoTime);
  }

  private void wireWrite(long nanoTime) {
    if (!tracksWire || (flags & ENDED) != 0) {
      return;
    }
    wireWriteUnderWay = false;
    if (unwiredSinceNanos >= 0) {
      long delay = Math.max(0, nanoTime - unwiredSinceNanos);
      unwiredSinceNanos = -1;
      DetectorChecks.writeDelay(delay, false, nanoTime, owner.riskSettings(), callbacks);
    }
    if (pending != null) {
      pending.flush(nanoTime, Long.MAX_VALUE, callbacks);
    }
  }

  /**
   * Whether bytes passed to {@code onBytes} wait for a wire write to report them (and events are
   * held for it). When not, {@link #onWireWriteBegun} and {@link #onWireWrite} would change
   * nothing, and a caller may leave both out: a framework that flushes after each part of an event
   * (Spring MVC's {@code SseEmitter}: seven flushes, three of which carry bytes) then pays one
   * field read, not a lock and a clock reading, for each flush that carries nothing of the
   * stream's.
   *
   * <p>Takes no lock, so only for a caller that passes the bytes and reports its wire writes on one
   * thread at a time, any later thread taking over after a happens-before edge (a servlet body: its
   * container's stream is not thread-safe, so an application that moves it between threads hands it
   * over that way). Held events never outlive the wait: both come with bytes, and {@link
   * #onWireWrite} ends both.
   */
  public boolean awaitsWireWrite() {
    // Read without the lock. Only that caller's onBytes sets it, under the lock, and it stays set
    // until a wire write clears it, so the caller reads its own last write (program order, or the
    // hand-over's happens-before edge) and never misses bytes it passed. The one write from another
    // thread is a clear by a wire write ending the stream there, under the lock; a read that misses
    // it takes the lock and finds the stream ended.
    return unwiredSinceNanos >= 0;
  }

  /**
   * A write toward the socket began (agent: a flush was entered) and everything passed to {@code
   * onBytes} so far goes with it: until {@link #onWireWrite} or {@link #onWireWriteReturned}, held
   * events wait for it rather than go out at the periodic check with their delay unknown, so a
   * flush that is merely slow (a loaded machine, a first flush loading classes) still gives each
   * event its time. The {@code write_delay} check runs as before.
   *
   * <p>Takes no lock, so that a flush costs one lock, its end's: only for a caller that begins and
   * ends its wire writes on one thread at a time, as {@link #awaitsWireWrite} describes.
   */
  public void onWireWriteBegun() {
    if (tracksWire) {
      // A release store, read by the periodic check under the lock. The check may miss it for as
      // long as the store takes to become visible, as if it had run just before the write began;
      // it never sees a mark that the end cleared, since the end clears it under the lock, after
      // this store in the caller's program order.
      WIRE_WRITE_UNDER_WAY.setRelease(this, true);
    }
  }

  /**
   * The write toward the socket that {@link #onWireWriteBegun} announced returned without reaching
   * it (failed, or left bytes for later): held events are again released at the periodic check once
   * they have waited past the threshold.
   */
  public void onWireWriteReturned() {
    synchronized (callbacks) {
      wireWriteUnderWay = false;
    }
  }

  /** The proxy injected a heartbeat comment: bytes on the wire, though not the server's. */
  public void onHeartbeat(long nanoTime) {
    guarded(StreamRecorder::heartbeat, nanoTime);
  }

  private void heartbeat(long nanoTime) {
    if ((flags & ENDED) != 0) {
      return;
    }
    heartbeats++;
    long gap = Math.max(0, nanoTime - lastWireNanos);
    if (gap > largestGapNanos) {
      largestGapNanos = gap;
    }
    if ((flags & EVENT_STREAM) != 0) {
      DetectorChecks.idle(gap, false, nanoTime, owner.riskSettings(), callbacks);
    }
    if (nanoTime > lastWireNanos) {
      lastWireNanos = nanoTime;
    }
  }

  /** Whether a heartbeat may be inserted now without splitting an event. */
  public boolean atEventBoundary() {
    synchronized (callbacks) {
      try {
        if ((flags & PARSER_BROKEN) != 0) {
          return false;
        }
        // No parser yet: no byte of the body has come, so no event has begun.
        return parser == null || parser.atEventBoundary();
      } catch (Throwable e) {
        failed();
        // Unknown: inserting a comment mid-event would change what the client parses.
        return false;
      }
    }
  }

  /**
   * The exchange ended: emits held events, the end-of-stream alerts and {@code stream_end}, and
   * leaves the registry. Later calls are ignored.
   */
  public void onEnd(CloseReason reason, long nanoTime) {
    onEnd(reason, null, nanoTime);
  }

  /**
   * As {@link #onEnd(CloseReason, long)}, with a detail for {@code stream_end}'s {@code
   * close_detail}: a few words of the caller's own, never anything taken from the stream.
   */
  public void onEnd(CloseReason reason, String detail, long nanoTime) {
    synchronized (callbacks) {
      if ((flags & ENDED) != 0) {
        return;
      }
      flags |= ENDED;
      // A stream ended before its response headers never emitted them.
      requestHeaders = null;
      try {
        if (parser != null) {
          parser.end();
        }
        if (pending != null) {
          pending.flush(-1, Long.MAX_VALUE, callbacks);
        }
        long finalGap = (flags & HEADERS_SEEN) != 0 ? Math.max(0, nanoTime - lastWireNanos) : 0;
        if (finalGap > largestGapNanos) {
          largestGapNanos = finalGap;
        }
        long duration = Math.max(0, nanoTime - startNanos);
        boolean eventStream = (flags & EVENT_STREAM) != 0;
        // Once: the summary copies the stream's chunk-gap histogram.
        GenAi genAiEnd = genAiSummary(true);
        if (eventStream) {
          RiskSettings risk = owner.riskSettings();
          DetectorChecks.atEnd(
              reason,
              finalGap,
              events,
              duration,
              firstEventNanos < 0 ? -1 : Math.max(0, nanoTime - firstEventNanos),
              nanoTime,
              risk,
              callbacks);
          // Only a successful response can be judged for what it left out.
          if (genAi != null && status >= 200 && status <= 299) {
            DetectorChecks.genAiAtEnd(genAi, genAiEnd, reason, finalGap, nanoTime, risk, callbacks);
          }
        }
        owner.emit(
            new StreamEnd(
                streamId,
                epochAt(nanoTime),
                owner.source(),
                method,
                url,
                route(),
                status,
                eventStream,
                startEpochMillis,
                duration,
                firstEventNanos < 0 ? -1 : firstEventNanos - startNanos,
                events,
                bytes,
                comments,
                heartbeats,
                largestGapNanos,
                reason == null ? CloseReason.ERROR : reason,
                detail,
                alertRules == null ? List.of() : alertRules,
                genAiEnd,
                traceIds()));
      } catch (Throwable e) {
        failed();
      } finally {
        reportShed();
        owner.ended(this);
      }
    }
  }

  /** Live metadata for admin pages. */
  public StreamSnapshot snapshot(long nanoTime) {
    synchronized (callbacks) {
      long current = currentGap(nanoTime);
      return new StreamSnapshot(
          streamId,
          method,
          url,
          route(),
          status,
          (flags & EVENT_STREAM) != 0,
          startEpochMillis,
          Math.max(0, nanoTime - startNanos),
          events,
          bytes,
          comments,
          heartbeats,
          firstEventNanos < 0 ? -1 : firstEventNanos - startNanos,
          current,
          Math.max(largestGapNanos, current),
          alertRules == null ? 0 : alertRules.size());
    }
  }

  /** Failures inside this recorder that were counted instead of thrown. */
  public long internalErrors() {
    synchronized (callbacks) {
      return internalErrors;
    }
  }

  /**
   * The periodic checks, run by {@link StreamRecorders#tick()}: progress, the silence still going
   * on, and bytes still waiting for the wire.
   */
  void tick(long nanoTime) {
    guarded(StreamRecorder::periodic, nanoTime);
  }

  private void periodic(long nanoTime) {
    reportShed();
    if ((flags & (ENDED | EVENT_STREAM)) != EVENT_STREAM) {
      return;
    }
    RiskSettings risk = owner.riskSettings();
    long interval = owner.recorderSettings().progressIntervalNanos();
    if (interval > 0 && nanoTime - lastProgressNanos >= interval) {
      lastProgressNanos = nanoTime;
      long current = currentGap(nanoTime);
      owner.emit(
          new Progress(
              streamId,
              epochAt(nanoTime),
              Math.max(0, nanoTime - startNanos),
              events,
              bytes,
              comments,
              heartbeats,
              current,
              Math.max(largestGapNanos, current),
              genAiSummary(false),
              traceIdHigh,
              traceIdLow,
              spanId));
    }
    DetectorChecks.idle(currentGap(nanoTime), true, nanoTime, risk, callbacks);
    long silence = Math.max(0, nanoTime - lastBytesNanos);
    DetectorChecks.heartbeats(
        comments, silence, Math.max(0, nanoTime - startNanos), nanoTime, risk, callbacks);
    if (tracksWire && unwiredSinceNanos >= 0) {
      long waiting = nanoTime - unwiredSinceNanos;
      DetectorChecks.writeDelay(waiting, true, nanoTime, risk, callbacks);
      if (pending != null && !wireWriteUnderWay) {
        // Don't hold records indefinitely for a caller that stopped reporting wire writes: what
        // has waited past the threshold goes out now, its delay unknown (the alert has the
        // figure). A write under way will report them itself.
        pending.flush(-1, nanoTime - risk.writeDelayNanos(), callbacks);
      }
    }
    if (QuietRelease.due(nanoTime, lastBytesNanos)) {
      releaseWhileQuiet();
    }
  }

  /** Gives back what only an active stream needs; the next bytes make it again as needed. */
  private void releaseWhileQuiet() {
    pending = QuietRelease.ringToKeep(pending);
    SseParser.Suspended s = QuietRelease.suspend(parser);
    if (s != null) {
      suspendedParser = s;
      parser = null;
    }
    // Derived again from the parser's id, which it keeps, when the next event needs it.
    lastIdVersion = -1;
    lastRedactedId = null;
  }

  // ---- the guard ----

  /**
   * A step of the recording that takes only a time: a method reference to one of this class's own
   * methods. It captures nothing, so it is one object made once, and a guarded call allocates
   * nothing.
   */
  @FunctionalInterface
  private interface TimedStep {
    void run(StreamRecorder r, long nanoTime);
  }

  /**
   * Runs {@code step} under the lock, as every entry point runs: what it throws is counted ({@link
   * #failed()}) and the exchange goes on unobserved, never broken.
   */
  private void guarded(TimedStep step, long nanoTime) {
    synchronized (callbacks) {
      try {
        step.run(this, nanoTime);
      } catch (Throwable e) {
        failed();
      }
    }
  }

  /** Counts a failure inside this recorder; under the lock. */
  private void failed() {
    internalErrors++;
    owner.countError();
  }

  private void alert(Alert a, long t) {
    if (alertRules == null) {
      alertRules = new ArrayList<>(2);
    }
    if (!alertRules.contains(a.rule())) {
      alertRules.add(a.rule());
    }
    owner.emit(
        new AlertRecord(
            streamId, epochAt(t), a, owner.source(), route(), traceIdHigh, traceIdLow, spanId));
  }

  // ---- events ----

  /**
   * The recorder's lock, and every callback made to it: the parser's events and comments, the
   * hashing of the parser's id bytes, the detector checks' alerts and the ring's held events. One
   * object per stream for all of them; all run under the lock.
   */
  private final class Callbacks
      implements SseParser.MetadataListener,
          SseParser.Utf8Reader<String>,
          DetectorChecks.Checked,
          PendingEvents.Emitter {

    @Override
    public void onEvent(String type, String lastEventId, long dataBytes, int dataLines) {
      long t = chunkNanos;
      long seq = ++events;
      if (firstEventNanos < 0) {
        firstEventNanos = t;
      }
      if (genAi != null) {
        genAi.onEvent(t);
      }
      long gapEvent = lastEventNanos < 0 ? -1 : t - lastEventNanos;
      lastEventNanos = t;
      // Later events of the same chunk followed the earlier ones without a pause.
      long gapByte = chunkEvents == 0 ? Math.max(0, t - lastWireNanos) : 0;
      chunkEvents++;
      if (!owner.recorderSettings().sampled(seq)) {
        return;
      }
      if (owner.shedding()) {
        // The telemetry queue is three quarters full: its room is kept for the records that matter
        // more (start, progress, alerts, end), and this event costs no id, no record and no slot.
        // The counts above stay complete.
        if (++shedEvents == Short.MAX_VALUE) {
          reportShed();
        }
        return;
      }
      String id = eventId();
      if (tracksWire) {
        PendingEvents p = pending;
        if (p == null) {
          p = new PendingEvents(PendingEvents.INITIAL);
          pending = p;
        }
        p.hold(seq, type, id, dataBytes, dataLines, gapEvent, gapByte, t, this);
      } else {
        owner.emit(
            new EventRecord(
                streamId,
                epochAt(t),
                seq,
                type,
                id,
                dataBytes,
                dataLines,
                gapEvent,
                gapByte,
                -1,
                traceIdHigh,
                traceIdLow,
                spanId));
      }
    }

    @Override
    public void onComment(long length) {
      comments++;
    }

    @Override
    public SseParser.DataObserver dataObserver() {
      return genAi == null ? null : genAi.dataObserver();
    }

    /** The id is read from the parser only when it changed: no String per event for new ids. */
    @Override
    public boolean wantsLastEventIdString() {
      return false;
    }

    @Override
    public String read(byte[] utf8, int off, int len) {
      return owner.redactor().eventIdOfUtf8(utf8, off, len);
    }

    @Override
    public int flags() {
      return flags;
    }

    @Override
    public void setFlags(int f) {
      flags = f;
    }

    @Override
    public void alert(Alert a, long nanoTime) {
      StreamRecorder.this.alert(a, nanoTime);
    }

    @Override
    public void emitHeld(PendingEvents p, int i, long writeToWire) {
      if (writeToWire < 0) {
        owner.countWireUnknown();
      }
      owner.emit(
          new EventRecord(
              streamId,
              epochAt(p.bytesNanos(i)),
              p.seq(i),
              p.type(i),
              p.id(i),
              p.dataBytes(i),
              p.dataLines(i),
              p.gapEvent(i),
              p.gapByte(i),
              writeToWire,
              traceIdHigh,
              traceIdLow,
              spanId));
    }
  }

  /** Hands the count of events shed since the last call to the dispatcher; under the lock. */
  private void reportShed() {
    int n = shedEvents;
    if (n > 0) {
      shedEvents = 0;
      owner.countShed(n);
    }
  }

  /** The redacted last-event-ID after the event being dispatched; only from parser callbacks. */
  private String eventId() {
    long version = parser.lastEventIdVersion();
    if (version == lastIdVersion) {
      return lastRedactedId;
    }
    String redacted;
    try {
      redacted = SafeRedaction.eventId(owner.redactor(), parser, callbacks);
    } catch (Throwable e) {
      failed();
      // Without a working redactor the id cannot be shown safely.
      redacted = null;
    }
    lastIdVersion = version;
    lastRedactedId = redacted;
    return redacted;
  }

  /** Slots of the ring of held events, 0 while it is not allocated. */
  int pendingCapacity() {
    synchronized (callbacks) {
      return pending == null ? 0 : pending.capacity();
    }
  }

  /** Events currently held for their wire write. */
  int pendingEvents() {
    synchronized (callbacks) {
      return pending == null ? 0 : pending.count;
    }
  }

  /** Whether the request headers are still held (only until the stream-start record). */
  boolean holdsRequestHeaders() {
    synchronized (callbacks) {
      return requestHeaders != null;
    }
  }

  /** Whether the request's Last-Event-ID is still held (only until a parser starts from it). */
  boolean holdsInitialLastEventId() {
    synchronized (callbacks) {
      return initialLastEventId != null;
    }
  }

  /** Whether a parser exists now: made with the first body bytes, suspended while quiet. */
  boolean hasParser() {
    synchronized (callbacks) {
      return parser != null;
    }
  }

  // ---- LLM token streams and MCP calls ----

  private GenAi genAiSummary(boolean ended) {
    if (genAi == null) {
      return null;
    }
    try {
      return genAi.summary(startNanos, ended, owner.redactor());
    } catch (Throwable e) {
      failed();
      return null;
    }
  }

  // ---- helpers ----

  /** The configured route, else the URL's path: derived for each record rather than kept. */
  private String route() {
    return route != null ? route : RequestTargets.pathOf(url);
  }

  private long currentGap(long t) {
    return Math.max(0, t - lastWireNanos);
  }

  private long epochAt(long nanoTime) {
    return startEpochMillis + Math.floorDiv(nanoTime - startNanos, 1_000_000L);
  }
}
