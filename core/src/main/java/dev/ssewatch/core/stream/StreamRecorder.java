package dev.ssewatch.core.stream;

import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.http.Headers;
import dev.ssewatch.core.redact.Redactor;
import dev.ssewatch.core.risk.Alert;
import dev.ssewatch.core.risk.BurstDetector;
import dev.ssewatch.core.risk.FirstEventAtEndDetector;
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
import dev.ssewatch.core.telemetry.Progress;
import dev.ssewatch.core.telemetry.StreamEnd;
import dev.ssewatch.core.telemetry.StreamStart;
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
   * The ring's first capacity. Small because it stays allocated for the life of the stream, idle or
   * not: eight parallel arrays cost about 70 bytes plus 8 to 16 per slot. A proxied stream holds
   * one read's events until that read's write completes; bursts grow it once, by doubling.
   */
  static final int PENDING_INITIAL = 2;

  /**
   * Most events held for their wire write. A caller that stops reporting wire writes would
   * otherwise make the stream hold records without bound.
   */
  static final int PENDING_MAX = 256;

  /**
   * A stream with nothing held and no bytes for this long gives its ring back at the next tick:
   * most open streams of a proxy sit idle, and the ring is about 230 of the 1,300 bytes an idle
   * stream held. An active stream keeps it, so this costs at most one small allocation per quiet
   * spell.
   */
  static final long RELEASE_RING_AFTER_NANOS = 1_000_000_000L;

  private final StreamRecorders owner;
  private final RecorderSettings settings;
  private final RiskSettings risk;
  private final Redactor redactor;
  private final String streamId;
  private final String method;
  private final String url;
  private final String route;
  private final List<Header> requestHeaders;
  private final String initialLastEventId;
  private final long startNanos;
  private final long startEpochMillis;
  private final boolean tracksWire;
  private final Object lock = new Object();
  private final ParserListener listener = new ParserListener();

  // Everything below is guarded by lock.
  private boolean headersSeen;
  private boolean ended;
  private int status;
  private boolean eventStream;
  private SseParser parser;
  private boolean parserBroken;

  private long bytes;
  private long events;
  private long comments;
  private long heartbeats;
  private long alerts;
  private long internalErrors;

  /** Last bytes or heartbeat on the wire (the headers to begin with). */
  private long lastWireNanos;

  /** Last response bytes, heartbeats excluded: the server's own silences. */
  private long lastBytesNanos;

  private long largestGapNanos;
  private long firstEventNanos = -1;
  private long lastEventNanos = -1;
  private long lastProgressNanos;

  private int idleLevel = IdleGapDetector.LEVEL_NONE;
  private boolean burstFired;
  private boolean writeDelayFired;
  private boolean noHeartbeatsFired;

  // The chunk being parsed, read by the parser callbacks.
  private long chunkNanos;
  private long chunkWireGapNanos;
  private int chunkEvents;

  /** When the oldest bytes not yet reported on the wire were passed, or -1. */
  private long unwiredSinceNanos = -1;

  // Events waiting for their wire write: a ring of parallel arrays, so holding an event costs no
  // allocation. Grown by doubling up to PENDING_MAX; most streams never hold more than a few. The
  // capacity is a power of two so indices wrap with a mask rather than a division per event.
  private long[] pSeq;
  private String[] pType;
  private String[] pId;
  private long[] pDataBytes;
  private int[] pDataLines;
  private long[] pGapEvent;
  private long[] pGapByte;
  private long[] pBytesNanos;
  private int pHead;
  private int pCount;
  private long wireUnknownEvents;

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
    this.settings = owner.recorderSettings();
    this.risk = owner.riskSettings();
    this.redactor = owner.redactor();
    this.streamId = streamId;
    this.method = method == null ? "" : method;
    this.startNanos = startNanos;
    this.tracksWire = tracksWire;
    List<Header> raw = rawRequestHeaders == null ? List.of() : rawRequestHeaders;
    this.url = redactUrl(rawUrl == null ? "" : rawUrl);
    this.route = route != null ? route : pathOf(this.url);
    this.requestHeaders = redactHeaders(raw);
    this.initialLastEventId = lastEventIdOf(raw);
    this.startEpochMillis = startEpochMillis(owner, startNanos);
    this.lastWireNanos = startNanos;
    this.lastBytesNanos = startNanos;
    this.lastProgressNanos = startNanos;
  }

  public String streamId() {
    return streamId;
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
    synchronized (lock) {
      try {
        if (headersSeen || ended) {
          return;
        }
        headersSeen = true;
        this.status = status;
        List<Header> raw = headers == null ? List.of() : headers;
        List<Header> redacted = redactHeaders(raw);
        String contentType = Headers.first(redacted, "Content-Type");
        // Decided on the raw value: a boolean reveals nothing, and it must not depend on redaction.
        eventStream = Headers.isEventStream(Headers.first(raw, "Content-Type"));
        lastWireNanos = nanoTime;
        lastBytesNanos = nanoTime;
        lastProgressNanos = nanoTime;
        long epoch = epochAt(nanoTime);
        owner.emit(
            new StreamStart(
                streamId,
                epoch,
                owner.source(),
                method,
                url,
                route,
                status,
                contentType,
                eventStream,
                requestHeaders,
                redacted,
                Math.max(0, nanoTime - startNanos),
                startEpochMillis));
        if (eventStream) {
          startParser();
        }
        // Checked on the redacted headers: evidence quotes header values, so it must see only
        // what may be recorded.
        for (Alert a : HeaderRiskDetector.detect(status, requestHeaders, redacted, epoch)) {
          alert(a, nanoTime);
        }
      } catch (Throwable e) {
        failed();
      }
    }
  }

  private void startParser() {
    try {
      parser = SseParser.metadataOnly(listener, initialLastEventId);
    } catch (Throwable e) {
      // Counts and timing still work without events; the header alerts must not be lost.
      parserFailed();
    }
  }

  /**
   * Response body bytes as they pass: from the backend (proxy) or as the application writes them
   * (agent). Event streams are parsed in metadata mode; the bytes are neither kept nor changed.
   */
  public void onBytes(byte[] buf, int off, int len, long nanoTime) {
    synchronized (lock) {
      try {
        if (ended || len <= 0) {
          return;
        }
        if (off < 0 || off > buf.length - len) {
          failed();
          return;
        }
        long silence = beforeBytes(len, nanoTime);
        if (parser != null) {
          try {
            parser.feed(buf, off, len);
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
    synchronized (lock) {
      try {
        int len = buf.remaining();
        if (ended || len <= 0) {
          return;
        }
        long silence = beforeBytes(len, nanoTime);
        if (parser != null) {
          try {
            parser.feed(buf);
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
    parserBroken = true;
    failed();
  }

  /**
   * Counts the bytes and sets up the chunk for the parser callbacks; returns the server's silence.
   */
  private long beforeBytes(int len, long t) {
    bytes += len;
    chunkNanos = t;
    chunkWireGapNanos = Math.max(0, t - lastWireNanos);
    chunkEvents = 0;
    return Math.max(0, t - lastBytesNanos);
  }

  private void afterBytes(long silence, long t) {
    long gap = chunkWireGapNanos;
    if (gap > largestGapNanos) {
      largestGapNanos = gap;
    }
    if (eventStream) {
      if (chunkEvents > 0 && !burstFired) {
        Alert a = BurstDetector.check(chunkEvents, silence, risk);
        if (a != null) {
          burstFired = true;
          alert(a, t);
        }
      }
      checkIdle(gap, false, t);
      checkHeartbeats(silence, t);
    }
    if (t > lastWireNanos) {
      lastWireNanos = t;
    }
    if (t > lastBytesNanos) {
      lastBytesNanos = t;
    }
    if (tracksWire && eventStream && unwiredSinceNanos < 0) {
      unwiredSinceNanos = t;
    }
  }

  /**
   * Everything passed to {@code onBytes} so far has reached the client socket (proxy: the write
   * completed; agent: the flush returned). Only for exchanges begun with wire tracking; callers
   * that never know this don't call it.
   */
  public void onWireWrite(long nanoTime) {
    synchronized (lock) {
      try {
        if (!tracksWire || ended) {
          return;
        }
        if (unwiredSinceNanos >= 0) {
          long delay = Math.max(0, nanoTime - unwiredSinceNanos);
          unwiredSinceNanos = -1;
          checkWriteDelay(delay, false, nanoTime);
        }
        flushPending(nanoTime, Long.MAX_VALUE);
      } catch (Throwable e) {
        failed();
      }
    }
  }

  /** The proxy injected a heartbeat comment: bytes on the wire, though not the server's. */
  public void onHeartbeat(long nanoTime) {
    synchronized (lock) {
      try {
        if (ended) {
          return;
        }
        heartbeats++;
        long gap = Math.max(0, nanoTime - lastWireNanos);
        if (gap > largestGapNanos) {
          largestGapNanos = gap;
        }
        if (eventStream) {
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
    synchronized (lock) {
      try {
        if (parserBroken) {
          return false;
        }
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
    synchronized (lock) {
      if (ended) {
        return;
      }
      ended = true;
      try {
        if (parser != null) {
          parser.end();
        }
        flushPending(-1, Long.MAX_VALUE);
        long finalGap = headersSeen ? Math.max(0, nanoTime - lastWireNanos) : 0;
        if (finalGap > largestGapNanos) {
          largestGapNanos = finalGap;
        }
        long duration = Math.max(0, nanoTime - startNanos);
        if (eventStream) {
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
        }
        owner.emit(
            new StreamEnd(
                streamId,
                epochAt(nanoTime),
                owner.source(),
                method,
                url,
                route,
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
                reason == null ? CloseReason.ERROR : reason));
      } catch (Throwable e) {
        failed();
      } finally {
        owner.ended(this);
      }
    }
  }

  /** Live metadata for admin pages. */
  public StreamSnapshot snapshot(long nanoTime) {
    synchronized (lock) {
      long current = currentGap(nanoTime);
      return new StreamSnapshot(
          streamId,
          method,
          url,
          route,
          status,
          eventStream,
          startEpochMillis,
          Math.max(0, nanoTime - startNanos),
          events,
          bytes,
          comments,
          heartbeats,
          firstEventNanos < 0 ? -1 : firstEventNanos - startNanos,
          current,
          Math.max(largestGapNanos, current),
          alerts);
    }
  }

  /** Failures inside this recorder that were counted instead of thrown. */
  public long internalErrors() {
    synchronized (lock) {
      return internalErrors;
    }
  }

  /**
   * The periodic checks, run by {@link StreamRecorders#tick()}: progress, the silence still going
   * on, and bytes still waiting for the wire.
   */
  void tick(long nanoTime) {
    synchronized (lock) {
      try {
        if (ended || !eventStream) {
          return;
        }
        long interval = settings.progressIntervalNanos();
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
                  Math.max(largestGapNanos, current)));
        }
        checkIdle(currentGap(nanoTime), true, nanoTime);
        checkHeartbeats(Math.max(0, nanoTime - lastBytesNanos), nanoTime);
        if (tracksWire && unwiredSinceNanos >= 0) {
          long waiting = nanoTime - unwiredSinceNanos;
          checkWriteDelay(waiting, true, nanoTime);
          // Don't hold records indefinitely for a caller that stopped reporting wire writes: what
          // has waited past the threshold goes out now, its delay unknown (the alert has the
          // figure).
          flushPending(-1, nanoTime - risk.writeDelayNanos());
        }
        if (pCount == 0 && pSeq != null && nanoTime - lastBytesNanos >= RELEASE_RING_AFTER_NANOS) {
          releasePending();
        }
      } catch (Throwable e) {
        failed();
      }
    }
  }

  // ---- detectors ----

  private void checkIdle(long gap, boolean ongoing, long t) {
    if (idleLevel == IdleGapDetector.LEVEL_CRITICAL || gap < risk.idleWarnNanos()) {
      return;
    }
    Alert a = IdleGapDetector.check(gap, ongoing, idleLevel, risk);
    if (a != null) {
      idleLevel = IdleGapDetector.levelOf(a);
      alert(a, t);
    }
  }

  private void checkHeartbeats(long silence, long t) {
    if (noHeartbeatsFired || comments > 0 || silence < risk.heartbeatExpectedWithinNanos()) {
      return;
    }
    Alert a = NoHeartbeatsDetector.check(comments, silence, Math.max(0, t - startNanos), risk);
    if (a != null) {
      noHeartbeatsFired = true;
      alert(a, t);
    }
  }

  private void checkWriteDelay(long delay, boolean stillWaiting, long t) {
    if (writeDelayFired || delay <= risk.writeDelayNanos()) {
      return;
    }
    Alert a = WriteDelayDetector.check(delay, stillWaiting, risk);
    if (a != null) {
      writeDelayFired = true;
      alert(a, t);
    }
  }

  private void alert(Alert a, long t) {
    alerts++;
    owner.emit(new AlertRecord(streamId, epochAt(t), a));
  }

  // ---- events ----

  /**
   * The parser's callbacks; only ever run inside onBytes or onEnd, under the lock. Also hashes the
   * parser's id bytes: one object per stream for both rather than a lambda more.
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
      long gapEvent = lastEventNanos < 0 ? -1 : t - lastEventNanos;
      lastEventNanos = t;
      // Later events of the same chunk followed the earlier ones without a pause.
      long gapByte = chunkEvents == 0 ? chunkWireGapNanos : 0;
      chunkEvents++;
      if (!settings.sampled(seq)) {
        return;
      }
      String id = eventId();
      if (tracksWire) {
        hold(seq, type, id, dataBytes, dataLines, gapEvent, gapByte, t);
      } else {
        owner.emit(
            new EventRecord(
                streamId, epochAt(t), seq, type, id, dataBytes, dataLines, gapEvent, gapByte, -1));
      }
    }

    @Override
    public void onComment(long length) {
      comments++;
    }

    /** The id is read from the parser only when it changed: no String per event for new ids. */
    @Override
    public boolean wantsLastEventIdString() {
      return false;
    }

    @Override
    public String read(byte[] utf8, int off, int len) {
      return redactor.eventIdOfUtf8(utf8, off, len);
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
    if (pSeq == null) {
      allocatePending(PENDING_INITIAL);
    } else if (pCount == pSeq.length) {
      if (pSeq.length < PENDING_MAX) {
        allocatePending(pSeq.length * 2);
      } else {
        // Full: the oldest goes out without its wire time, keeping the order.
        wireUnknownEvents++;
        emitPending(pHead, -1);
        pHead = (pHead + 1) & (pSeq.length - 1);
        pCount--;
      }
    }
    int i = (pHead + pCount) & (pSeq.length - 1);
    pSeq[i] = seq;
    pType[i] = type;
    pId[i] = id;
    pDataBytes[i] = dataBytes;
    pDataLines[i] = dataLines;
    pGapEvent[i] = gapEvent;
    pGapByte[i] = gapByte;
    pBytesNanos[i] = bytesNanos;
    pCount++;
  }

  /** Grows the ring to {@code capacity}, unrolling it so the oldest event sits at index 0. */
  private void allocatePending(int capacity) {
    long[] seq = new long[capacity];
    String[] type = new String[capacity];
    String[] id = new String[capacity];
    long[] dataBytes = new long[capacity];
    int[] dataLines = new int[capacity];
    long[] gapEvent = new long[capacity];
    long[] gapByte = new long[capacity];
    long[] bytesNanos = new long[capacity];
    for (int k = 0; k < pCount; k++) {
      int from = (pHead + k) & (pSeq.length - 1);
      seq[k] = pSeq[from];
      type[k] = pType[from];
      id[k] = pId[from];
      dataBytes[k] = pDataBytes[from];
      dataLines[k] = pDataLines[from];
      gapEvent[k] = pGapEvent[from];
      gapByte[k] = pGapByte[from];
      bytesNanos[k] = pBytesNanos[from];
    }
    pSeq = seq;
    pType = type;
    pId = id;
    pDataBytes = dataBytes;
    pDataLines = dataLines;
    pGapEvent = gapEvent;
    pGapByte = gapByte;
    pBytesNanos = bytesNanos;
    pHead = 0;
  }

  private void releasePending() {
    pSeq = null;
    pType = null;
    pId = null;
    pDataBytes = null;
    pDataLines = null;
    pGapEvent = null;
    pGapByte = null;
    pBytesNanos = null;
    pHead = 0;
  }

  /**
   * Emits held events, oldest first, whose bytes were passed at or before {@code olderThan}.
   *
   * @param wireNanos when they reached the wire, or -1 when unknown
   */
  private void flushPending(long wireNanos, long olderThan) {
    while (pCount > 0 && pBytesNanos[pHead] <= olderThan) {
      if (wireNanos < 0) {
        wireUnknownEvents++;
      }
      emitPending(pHead, wireNanos < 0 ? -1 : Math.max(0, wireNanos - pBytesNanos[pHead]));
      pType[pHead] = null;
      pId[pHead] = null;
      pHead = (pHead + 1) & (pSeq.length - 1);
      pCount--;
    }
  }

  private void emitPending(int i, long writeToWire) {
    owner.emit(
        new EventRecord(
            streamId,
            epochAt(pBytesNanos[i]),
            pSeq[i],
            pType[i],
            pId[i],
            pDataBytes[i],
            pDataLines[i],
            pGapEvent[i],
            pGapByte[i],
            writeToWire));
  }

  /** Events emitted with an unknown write-to-wire delay despite wire tracking. */
  long wireUnknownEvents() {
    synchronized (lock) {
      return wireUnknownEvents;
    }
  }

  /** Slots of the ring of held events, 0 while it is not allocated. */
  int pendingCapacity() {
    synchronized (lock) {
      return pSeq == null ? 0 : pSeq.length;
    }
  }

  /** Events currently held for their wire write. */
  int pendingEvents() {
    synchronized (lock) {
      return pCount;
    }
  }

  // ---- helpers ----

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
      return redactor.url(raw);
    } catch (Throwable e) {
      owner.countError();
      // Without a working redactor keep only the path: no user info, host or query values.
      return raw.indexOf('?') < 0 ? pathOf(raw) : pathOf(raw) + "?" + Redactor.MARKER;
    }
  }

  private List<Header> redactHeaders(List<Header> raw) {
    try {
      // The redactor gives Last-Event-ID the ssewatch.event-id treatment of event records' ids.
      return List.copyOf(redactor.headers(raw));
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
