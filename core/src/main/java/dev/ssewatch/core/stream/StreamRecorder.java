package dev.ssewatch.core.stream;

import dev.ssewatch.core.genai.GenAiApi;
import dev.ssewatch.core.genai.GenAiStream;
import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.http.Headers;
import dev.ssewatch.core.redact.Redactor;
import dev.ssewatch.core.risk.Alert;
import dev.ssewatch.core.risk.BurstDetector;
import dev.ssewatch.core.risk.ContentFilterBlocksDetector;
import dev.ssewatch.core.risk.FirstEventAtEndDetector;
import dev.ssewatch.core.risk.GenAiEndDetector;
import dev.ssewatch.core.risk.HeaderRiskDetector;
import dev.ssewatch.core.risk.IdleGapDetector;
import dev.ssewatch.core.risk.IdleKillDetector;
import dev.ssewatch.core.risk.NoHeartbeatsDetector;
import dev.ssewatch.core.risk.RiskSettings;
import dev.ssewatch.core.risk.WriteDelayDetector;
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

  /**
   * The ring's first capacity. Small because an active stream keeps it until a quiet second: its
   * two arrays cost about 180 bytes (the eight parallel arrays before: about 290) at two slots, and
   * 56 more per slot. A proxied stream holds one read's events until that read's write completes;
   * bursts grow it by doubling.
   */
  static final int PENDING_INITIAL = 2;

  /**
   * Most events held for their wire write. A caller that stops reporting wire writes would
   * otherwise make the stream hold records without bound.
   */
  static final int PENDING_MAX = 256;

  /**
   * A stream without bytes for this long gives back, at the next tick, what only an active stream
   * needs: its ring (when nothing is held), its parser (when at an event boundary, for the few
   * facts a new one goes on from) and the redacted form of its last event id. Most open streams of
   * a proxy sit idle; an active stream keeps all of it, so this costs at most a few small
   * allocations (and one id hash) per quiet spell.
   */
  static final long RELEASE_RING_AFTER_NANOS = 1_000_000_000L;

  // Bits of flags. The idle level (IdleGapDetector.LEVEL_*) takes the two bits from IDLE_SHIFT.
  private static final int HEADERS_SEEN = 1;
  private static final int ENDED = 1 << 1;
  private static final int EVENT_STREAM = 1 << 2;
  private static final int PARSER_BROKEN = 1 << 3;
  private static final int BURST_FIRED = 1 << 4;
  private static final int WRITE_DELAY_FIRED = 1 << 5;
  private static final int NO_HEARTBEATS_FIRED = 1 << 6;
  private static final int IDLE_SHIFT = 8;
  private static final int IDLE_MASK = 3 << IDLE_SHIFT;

  // A proxy or an agent keeps one recorder per open stream, most of them idle for long spells, so
  // the fields are what later records need and no more: the settings and redactor are the owner's,
  // the lock is the listener, the flags one int, and what only an active stream or the stream's
  // start needs is allocated on use or let go once used.
  private final StreamRecorders owner;
  private final String streamId;
  private final String method;
  private final String url;

  /** The configured route, or null for the URL's path (derived when a record needs it). */
  private final String route;

  private final long startNanos;
  private final long startEpochMillis;
  private final boolean tracksWire;

  /** The lock guarding everything below, and the parser's callbacks. */
  private final ParserListener listener = new ParserListener();

  // The factory's list of open recorders; guarded by the factory's lock, not this one.
  StreamRecorder previousOpen;
  StreamRecorder nextOpen;

  /** A recognised LLM token stream or MCP call, or null (most streams). */
  private final GenAiStream genAi;

  // The exchange's W3C trace context: the caller's trace (or a new one) and this exchange's own
  // span, as longs rather than hex strings, so event records carry them without allocating. Four
  // longs cost an open stream 32 bytes; the hex strings, made only for the start and end records,
  // would cost about 150.
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
   * The rules this stream's alerts fired, in order; null until the first (most streams raise none,
   * and a reference costs an open stream what the count it replaces did).
   */
  private List<String> alertRules;

  private long internalErrors;

  /**
   * Events that got no record because the dispatcher was shedding, not yet reported to it: added up
   * here, under this lock, and handed over at the tick and the end, so that producers share no
   * counter per event. A short fits in the padding at the end of this object, where an int cost
   * every open stream 8 bytes; handed over early, once every 32767 events, before it overflows.
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
   * Events waiting for their wire write, or null: made for the first held event, grown by doubling
   * up to PENDING_MAX (most streams never hold more than a few), given back when quiet.
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
    this.url = redactUrl(rawUrl == null ? "" : rawUrl);
    this.route = route;
    // Read from the raw headers: redaction may change any value, and a traceparent is no secret.
    TraceParent caller = traceParentOf(owner, raw);
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
    this.requestHeaders = redactHeaders(raw);
    this.genAi = genAiOf(owner, this.method, rawUrl, raw, requestHeaders);
    this.initialLastEventId = lastEventIdOf(raw);
    this.startEpochMillis = startEpochMillis(owner, startNanos);
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
    synchronized (listener) {
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
    synchronized (listener) {
      try {
        if ((flags & (HEADERS_SEEN | ENDED)) != 0) {
          return;
        }
        flags |= HEADERS_SEEN;
        this.status = status;
        List<Header> raw = headers == null ? List.of() : headers;
        List<Header> redacted = redactHeaders(raw);
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
          checkIdle(waited, false, nanoTime);
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
              ? SseParser.resume(listener, suspendedParser)
              : SseParser.metadataOnly(listener, initialLastEventId);
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
    synchronized (listener) {
      try {
        if ((flags & ENDED) != 0 || len <= 0) {
          return;
        }
        if (off < 0 || off > buf.length - len) {
          failed();
          return;
        }
        long silence = beforeBytes(len, nanoTime);
        SseParser p = parser();
        if (p != null) {
          try {
            p.feed(buf, off, len);
          } catch (Throwable e) {
            parserFailed();
          }
        }
        afterBytes(silence, nanoTime);
      } catch (Throwable e) {
        failed();
      }
    }
  }

  /**
   * Body bytes sent in a content coding ({@code Content-Encoding: gzip}): {@code wireLen} coded
   * bytes are counted and timed as bytes on the wire, and {@code decoded[off, off + len)}, the
   * event stream bytes decoded from them so far (none for a coding the caller cannot decode), are
   * parsed as {@link #onBytes(byte[], int, int, long)} parses. Decoded bytes that come later from
   * the same coded bytes are passed with a {@code wireLen} of 0.
   */
  public void onCodedBytes(int wireLen, byte[] decoded, int off, int len, long nanoTime) {
    synchronized (listener) {
      try {
        if ((flags & ENDED) != 0 || (wireLen <= 0 && len <= 0)) {
          return;
        }
        if (len > 0 && (off < 0 || off > decoded.length - len)) {
          failed();
          return;
        }
        long silence = beforeBytes(Math.max(0, wireLen), nanoTime);
        SseParser p = len > 0 ? parser() : null;
        if (p != null) {
          try {
            p.feed(decoded, off, len);
          } catch (Throwable e) {
            parserFailed();
          }
        }
        afterBytes(silence, nanoTime);
      } catch (Throwable e) {
        failed();
      }
    }
  }

  /** As {@link #onBytes(byte[], int, int, long)}; the buffer's position is left unchanged. */
  public void onBytes(ByteBuffer buf, long nanoTime) {
    synchronized (listener) {
      try {
        int len = buf.remaining();
        if ((flags & ENDED) != 0 || len <= 0) {
          return;
        }
        long silence = beforeBytes(len, nanoTime);
        SseParser p = parser();
        if (p != null) {
          try {
            p.feed(buf);
          } catch (Throwable e) {
            parserFailed();
          }
        }
        afterBytes(silence, nanoTime);
      } catch (Throwable e) {
        failed();
      }
    }
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

  private void afterBytes(long silence, long t) {
    long gap = Math.max(0, t - lastWireNanos);
    if (gap > largestGapNanos) {
      largestGapNanos = gap;
    }
    if ((flags & EVENT_STREAM) != 0) {
      if (chunkEvents > 0 && (flags & BURST_FIRED) == 0) {
        // Azure OpenAI's content filter releases output in blocks: on a stream that carries its
        // annotations that is the service, not a proxy, and is reported as such.
        Alert a =
            genAi != null && genAi.contentFilterAnnotated()
                ? ContentFilterBlocksDetector.check(chunkEvents, silence, owner.riskSettings())
                : BurstDetector.check(chunkEvents, silence, owner.riskSettings());
        if (a != null) {
          flags |= BURST_FIRED;
          alert(a, t);
        }
      }
      checkIdle(gap, false, t);
      checkHeartbeats(silence, t);
      if (tracksWire && unwiredSinceNanos < 0) {
        unwiredSinceNanos = t;
      }
    }
    if (t > lastWireNanos) {
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
    synchronized (listener) {
      try {
        if (!tracksWire || (flags & ENDED) != 0) {
          return;
        }
        if (unwiredSinceNanos >= 0) {
          long delay = Math.max(0, nanoTime - unwiredSinceNanos);
          unwiredSinceNanos = -1;
          checkWriteDelay(delay, false, nanoTime);
        }
        if (pending != null) {
          flushPending(nanoTime, Long.MAX_VALUE);
        }
      } catch (Throwable e) {
        failed();
      }
    }
  }

  /** The proxy injected a heartbeat comment: bytes on the wire, though not the server's. */
  public void onHeartbeat(long nanoTime) {
    synchronized (listener) {
      try {
        if ((flags & ENDED) != 0) {
          return;
        }
        heartbeats++;
        long gap = Math.max(0, nanoTime - lastWireNanos);
        if (gap > largestGapNanos) {
          largestGapNanos = gap;
        }
        if ((flags & EVENT_STREAM) != 0) {
          checkIdle(gap, false, nanoTime);
        }
        if (nanoTime > lastWireNanos) {
          lastWireNanos = nanoTime;
        }
      } catch (Throwable e) {
        failed();
      }
    }
  }

  /** Whether a heartbeat may be inserted now without splitting an event. */
  public boolean atEventBoundary() {
    synchronized (listener) {
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
    synchronized (listener) {
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
          flushPending(-1, Long.MAX_VALUE);
        }
        long finalGap = (flags & HEADERS_SEEN) != 0 ? Math.max(0, nanoTime - lastWireNanos) : 0;
        if (finalGap > largestGapNanos) {
          largestGapNanos = finalGap;
        }
        long duration = Math.max(0, nanoTime - startNanos);
        boolean eventStream = (flags & EVENT_STREAM) != 0;
        if (eventStream) {
          RiskSettings risk = owner.riskSettings();
          checkIdle(finalGap, false, nanoTime);
          Alert atEnd =
              FirstEventAtEndDetector.check(
                  events,
                  duration,
                  firstEventNanos < 0 ? -1 : Math.max(0, nanoTime - firstEventNanos),
                  risk);
          if (atEnd != null) {
            alert(atEnd, nanoTime);
          }
          Alert kill = IdleKillDetector.check(reason, finalGap, risk);
          if (kill != null) {
            alert(kill, nanoTime);
          }
          if (genAi != null) {
            genAiEndAlerts(reason, finalGap, risk, nanoTime);
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
                genAiSummary(true),
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
    synchronized (listener) {
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
    synchronized (listener) {
      return internalErrors;
    }
  }

  /**
   * The periodic checks, run by {@link StreamRecorders#tick()}: progress, the silence still going
   * on, and bytes still waiting for the wire.
   */
  void tick(long nanoTime) {
    synchronized (listener) {
      try {
        reportShed();
        if ((flags & (ENDED | EVENT_STREAM)) != EVENT_STREAM) {
          return;
        }
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
        checkIdle(currentGap(nanoTime), true, nanoTime);
        checkHeartbeats(Math.max(0, nanoTime - lastBytesNanos), nanoTime);
        if (tracksWire && unwiredSinceNanos >= 0) {
          long waiting = nanoTime - unwiredSinceNanos;
          checkWriteDelay(waiting, true, nanoTime);
          if (pending != null) {
            // Don't hold records indefinitely for a caller that stopped reporting wire writes:
            // what has waited past the threshold goes out now, its delay unknown (the alert has
            // the figure).
            flushPending(-1, nanoTime - owner.riskSettings().writeDelayNanos());
          }
        }
        if (nanoTime - lastBytesNanos >= RELEASE_RING_AFTER_NANOS) {
          releaseWhileQuiet();
        }
      } catch (Throwable e) {
        failed();
      }
    }
  }

  /** Gives back what only an active stream needs; the next bytes make it again as needed. */
  private void releaseWhileQuiet() {
    if (pending != null && pending.count == 0) {
      pending = null;
    }
    if (parser != null) {
      // At an event boundary (nearly always, after a quiet second) the parser's few lasting facts
      // replace it; the next bytes make a parser from them.
      SseParser.Suspended s = parser.suspend();
      if (s != null) {
        suspendedParser = s;
        parser = null;
      }
    }
    // Derived again from the parser's id, which it keeps, when the next event needs it.
    lastIdVersion = -1;
    lastRedactedId = null;
  }

  // ---- detectors ----

  private void checkIdle(long gap, boolean ongoing, long t) {
    RiskSettings risk = owner.riskSettings();
    int level = (flags & IDLE_MASK) >>> IDLE_SHIFT;
    if (level == IdleGapDetector.LEVEL_CRITICAL || gap < risk.idleWarnNanos()) {
      return;
    }
    Alert a = IdleGapDetector.check(gap, ongoing, level, risk);
    if (a != null) {
      flags = (flags & ~IDLE_MASK) | (IdleGapDetector.levelOf(a) << IDLE_SHIFT);
      alert(a, t);
    }
  }

  private void checkHeartbeats(long silence, long t) {
    RiskSettings risk = owner.riskSettings();
    if ((flags & NO_HEARTBEATS_FIRED) != 0
        || comments > 0
        || silence < risk.heartbeatExpectedWithinNanos()) {
      return;
    }
    Alert a = NoHeartbeatsDetector.check(comments, silence, Math.max(0, t - startNanos), risk);
    if (a != null) {
      flags |= NO_HEARTBEATS_FIRED;
      alert(a, t);
    }
  }

  private void checkWriteDelay(long delay, boolean stillWaiting, long t) {
    RiskSettings risk = owner.riskSettings();
    if ((flags & WRITE_DELAY_FIRED) != 0 || delay <= risk.writeDelayNanos()) {
      return;
    }
    Alert a = WriteDelayDetector.check(delay, stillWaiting, risk);
    if (a != null) {
      flags |= WRITE_DELAY_FIRED;
      alert(a, t);
    }
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
   * The parser's callbacks; only ever run inside onBytes or onEnd, under the lock. Also hashes the
   * parser's id bytes, and is the recorder's lock: one object per stream for all three.
   */
  private final class ParserListener
      implements SseParser.MetadataListener, SseParser.Utf8Reader<String> {

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
        hold(seq, type, id, dataBytes, dataLines, gapEvent, gapByte, t);
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
      // Hashing reads the parser's bytes and dropping reads nothing: only the raw mode needs the id
      // as a String.
      Redactor redactor = owner.redactor();
      Redactor.EventIdMode mode = redactor.eventIdMode();
      if (mode == Redactor.EventIdMode.HASH) {
        redacted = parser.lastEventIdUtf8(listener);
      } else if (mode == Redactor.EventIdMode.DROP) {
        redacted = null;
      } else {
        redacted = redactor.eventId(parser.lastEventId());
      }
    } catch (Throwable e) {
      failed();
      // Without a working redactor the id cannot be shown safely.
      redacted = null;
    }
    lastIdVersion = version;
    lastRedactedId = redacted;
    return redacted;
  }

  private void hold(
      long seq,
      String type,
      String id,
      long dataBytes,
      int dataLines,
      long gapEvent,
      long gapByte,
      long bytesNanos) {
    PendingEvents p = pending;
    if (p == null) {
      p = new PendingEvents(PENDING_INITIAL);
      pending = p;
    } else if (p.count == p.capacity()) {
      if (p.capacity() < PENDING_MAX) {
        p.grow(p.capacity() * 2);
      } else {
        // Full: the oldest goes out without its wire time, keeping the order.
        owner.countWireUnknown();
        emitPending(p, p.head, -1);
        p.removeOldest();
      }
    }
    p.set(p.index(p.count), seq, type, id, dataBytes, dataLines, gapEvent, gapByte, bytesNanos);
    p.count++;
  }

  /**
   * Emits held events, oldest first, whose bytes were passed at or before {@code olderThan}.
   *
   * @param wireNanos when they reached the wire, or -1 when unknown
   */
  private void flushPending(long wireNanos, long olderThan) {
    PendingEvents p = pending;
    while (p.count > 0 && p.bytesNanos(p.head) <= olderThan) {
      if (wireNanos < 0) {
        owner.countWireUnknown();
      }
      emitPending(p, p.head, wireNanos < 0 ? -1 : Math.max(0, wireNanos - p.bytesNanos(p.head)));
      p.removeOldest();
    }
  }

  private void emitPending(PendingEvents p, int i, long writeToWire) {
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

  /** Slots of the ring of held events, 0 while it is not allocated. */
  int pendingCapacity() {
    synchronized (listener) {
      return pending == null ? 0 : pending.capacity();
    }
  }

  /** Events currently held for their wire write. */
  int pendingEvents() {
    synchronized (listener) {
      return pending == null ? 0 : pending.count;
    }
  }

  /** Whether the request headers are still held (only until the stream-start record). */
  boolean holdsRequestHeaders() {
    synchronized (listener) {
      return requestHeaders != null;
    }
  }

  /** Whether the request's Last-Event-ID is still held (only until a parser starts from it). */
  boolean holdsInitialLastEventId() {
    synchronized (listener) {
      return initialLastEventId != null;
    }
  }

  /** Whether a parser exists now: made with the first body bytes, suspended while quiet. */
  boolean hasParser() {
    synchronized (listener) {
      return parser != null;
    }
  }

  // ---- LLM token streams and MCP calls ----

  /** The end alerts of a recognised stream; only for a successful event-stream response. */
  private void genAiEndAlerts(CloseReason reason, long finalGap, RiskSettings risk, long t) {
    if (status < 200 || status > 299) {
      return;
    }
    String why = (reason == null ? CloseReason.ERROR : reason).wireName();
    GenAi g = genAiSummary(true);
    if (genAi.api().isMcp()) {
      if (!genAi.rpcAnswered()) {
        alert(
            GenAiEndDetector.mcpCancelled(
                g.mcpMethod(), g.mcpName(), why, g.mcpProgressNotifications(), finalGap, risk),
            t);
      }
    } else if (!genAi.completed()) {
      alert(GenAiEndDetector.truncated(g.api(), why, g.outputChunks(), finalGap, risk), t);
    } else if (!genAi.usageExact()) {
      alert(GenAiEndDetector.usageMissing(g.api()), t);
    }
  }

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

  private static GenAiStream genAiOf(
      StreamRecorders owner,
      String method,
      String rawUrl,
      List<Header> raw,
      List<Header> redacted) {
    try {
      GenAiApi api = owner.genAiRoutes().match(method, pathOf(rawUrl == null ? "" : rawUrl), raw);
      return api == null ? null : new GenAiStream(api, redacted);
    } catch (Throwable e) {
      owner.countError();
      return null;
    }
  }

  // ---- helpers ----

  /** The configured route, else the URL's path: derived for each record rather than kept. */
  private String route() {
    return route != null ? route : pathOf(url);
  }

  private long currentGap(long t) {
    return Math.max(0, t - lastWireNanos);
  }

  private long epochAt(long nanoTime) {
    return startEpochMillis + Math.floorDiv(nanoTime - startNanos, 1_000_000L);
  }

  private void failed() {
    internalErrors++;
    owner.countError();
  }

  private static long startEpochMillis(StreamRecorders owner, long startNanos) {
    try {
      long nowNanos = owner.time().nanoTime();
      long nowMillis = owner.time().epochMillis();
      return nowMillis - Math.floorDiv(nowNanos - startNanos, 1_000_000L);
    } catch (Throwable e) {
      owner.countError();
      return 0;
    }
  }

  private String redactUrl(String raw) {
    try {
      return owner.redactor().url(raw);
    } catch (Throwable e) {
      owner.countError();
      // Without a working redactor keep only the path: no user info, host or query values.
      return raw.indexOf('?') < 0 ? pathOf(raw) : pathOf(raw) + "?" + Redactor.MARKER;
    }
  }

  private List<Header> redactHeaders(List<Header> raw) {
    try {
      // The redactor gives Last-Event-ID the ssewatch.event-id treatment of event records' ids.
      return List.copyOf(owner.redactor().headers(raw));
    } catch (Throwable e) {
      owner.countError();
      // Without a working redactor no value can be trusted; the names alone are still useful.
      List<Header> out = new ArrayList<>(raw.size());
      for (Header h : raw) {
        if (h != null) {
          out.add(new Header(h.name(), Redactor.MARKER));
        }
      }
      return List.copyOf(out);
    }
  }

  private static TraceParent traceParentOf(StreamRecorders owner, List<Header> raw) {
    try {
      return TraceParent.from(raw);
    } catch (RuntimeException e) {
      owner.countError();
      return null;
    }
  }

  private static String lastEventIdOf(List<Header> raw) {
    try {
      String v = Headers.first(raw, "Last-Event-ID");
      return v == null ? "" : v;
    } catch (RuntimeException e) {
      return "";
    }
  }

  /** The path of an origin-form ({@code /a?b}) or absolute ({@code http://h/a?b}) target. */
  static String pathOf(String url) {
    int start = 0;
    int scheme = url.indexOf("://");
    int cut = indexOfAny(url, '?', '#');
    if (scheme >= 0 && (cut < 0 || scheme < cut)) {
      int slash = url.indexOf('/', scheme + 3);
      if (slash < 0 || (cut >= 0 && slash > cut)) {
        return "/";
      }
      start = slash;
    }
    String path = cut < 0 ? url.substring(start) : url.substring(start, cut);
    return path.isEmpty() ? "/" : path;
  }

  private static int indexOfAny(String s, char a, char b) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == a || c == b) {
        return i;
      }
    }
    return -1;
  }
}
