package dev.ssewatch.core.stream;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.genai.GenAiRoutes;
import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.redact.Redactor;
import dev.ssewatch.core.risk.RiskSettings;
import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.telemetry.TelemetryDispatcher;
import dev.ssewatch.core.telemetry.TelemetryRecord;
import dev.ssewatch.core.time.TimeSource;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The recorder factory: creates one {@link StreamRecorder} per exchange, keeps the open ones, and
 * ticks them (progress records, idle-timeout and write-delay checks) from one daemon thread, {@code
 * ssewatch-recorder-ticker}, started with the first stream and stopped by {@link #close()}.
 *
 * <p>Settings are read once, here: a bad value fails {@link #create} with a {@link
 * dev.ssewatch.core.config.SettingsException} naming the key, never a stream later on.
 */
public final class StreamRecorders implements AutoCloseable {

  static final String TICKER_THREAD = "ssewatch-recorder-ticker";
  private static final long TICK_PERIOD_MILLIS = 1_000;

  private final RecorderSettings recorderSettings;
  private final RiskSettings riskSettings;
  private final GenAiRoutes genAiRoutes;
  private final Redactor redactor;
  private final StreamSource source;
  private final Consumer<TelemetryRecord> sink;

  /**
   * The sink when it is the dispatcher (always, outside tests), called directly: through the
   * Consumer interface every record passed the bridge method's cast, whose type profile saw mostly
   * event records, so each stream's first start record threw away the compiled write path that had
   * this call inlined (the application's own method, under the agent) to be compiled again.
   */
  private final TelemetryDispatcher dispatcher;

  private final TimeSource time;
  private final boolean ticking;

  /**
   * The open recorders: a doubly linked list through the recorders themselves, guarded by openLock
   * (why not a map: "Memory per open stream" in docs/architecture.md). Begin, end and the ticker's
   * copy each hold the lock for a few pointer writes or one pass.
   */
  private final Object openLock = new Object();

  private StreamRecorder openHead;
  private final AtomicLong idSequence = new AtomicLong();
  private final long idSalt = ThreadLocalRandom.current().nextLong();
  private final AtomicLong internalErrors = new AtomicLong();

  /**
   * Counted here rather than per recorder: a diagnostic, and rare, not worth a field per stream.
   */
  private final AtomicLong wireUnknownEvents = new AtomicLong();

  private final Object tickerLock = new Object();
  private ScheduledThreadPoolExecutor ticker;
  private boolean closed;

  /** Whether the ticker has been started or closed: either way begin() has nothing more to do. */
  private volatile boolean tickerSettled;

  private StreamRecorders(
      RecorderSettings recorderSettings,
      RiskSettings riskSettings,
      GenAiRoutes genAiRoutes,
      Redactor redactor,
      StreamSource source,
      Consumer<TelemetryRecord> sink,
      TimeSource time,
      boolean ticking) {
    this.recorderSettings = recorderSettings;
    this.riskSettings = riskSettings;
    this.genAiRoutes = genAiRoutes;
    this.redactor = redactor;
    this.source = Objects.requireNonNull(source, "source");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.dispatcher = sink instanceof TelemetryDispatcher d ? d : null;
    this.time = Objects.requireNonNull(time, "time");
    this.ticking = ticking;
  }

  /**
   * Recorders configured from {@code settings} (sampling, idle budget, thresholds, redaction),
   * emitting records to {@code sink} (normally a {@code TelemetryDispatcher}; must not block).
   */
  public static StreamRecorders create(
      Settings settings, StreamSource source, Consumer<TelemetryRecord> sink, TimeSource time) {
    return create(settings, source, sink, time, true);
  }

  /**
   * As {@link #create}, but without the ticking thread: the caller runs {@link #tick()} itself. For
   * tests driven by a manual clock, and for embedders with a scheduler of their own.
   */
  public static StreamRecorders createWithoutTicker(
      Settings settings, StreamSource source, Consumer<TelemetryRecord> sink, TimeSource time) {
    return create(settings, source, sink, time, false);
  }

  private static StreamRecorders create(
      Settings settings,
      StreamSource source,
      Consumer<TelemetryRecord> sink,
      TimeSource time,
      boolean ticking) {
    return new StreamRecorders(
        RecorderSettings.from(settings),
        RiskSettings.from(settings),
        GenAiRoutes.from(settings),
        Redactor.from(settings),
        source,
        sink,
        time,
        ticking);
  }

  /**
   * Starts recording an exchange whose caller cannot tell when bytes reach the client socket: event
   * records are emitted as events are parsed, with an unknown write-to-wire delay.
   *
   * @param url the request target as received (the recorder redacts it)
   * @param route the configured route, or {@code null} to use the URL's path
   * @param requestHeaders the request headers as received (the recorder redacts them)
   * @param startNanos when the request arrived
   */
  public StreamRecorder begin(
      String method, String url, String route, List<Header> requestHeaders, long startNanos) {
    return begin(method, url, route, requestHeaders, startNanos, false);
  }

  /**
   * As {@link #begin(String, String, String, List, long)}; with {@code tracksWire} the caller
   * promises to call {@link StreamRecorder#onWireWrite} whenever the bytes passed so far reach the
   * socket. Event records then wait for it so they carry the write-to-wire delay, and bytes that
   * wait too long raise a {@code write_delay} alert.
   */
  public StreamRecorder begin(
      String method,
      String url,
      String route,
      List<Header> requestHeaders,
      long startNanos,
      boolean tracksWire) {
    StreamRecorder r =
        new StreamRecorder(
            this, nextId(), method, url, route, requestHeaders, startNanos, tracksWire);
    synchronized (openLock) {
      StreamRecorder head = openHead;
      r.nextOpen = head;
      if (head != null) {
        head.previousOpen = r;
      }
      openHead = r;
    }
    try {
      startTicker();
    } catch (Throwable e) {
      // No thread (say, the OS refused one): streams still record, only the periodic checks stop.
      internalErrors.incrementAndGet();
    }
    return r;
  }

  /** The recorders whose exchange has not ended. */
  public List<StreamRecorder> openStreams() {
    return List.of(openArray());
  }

  private StreamRecorder[] openArray() {
    synchronized (openLock) {
      int n = 0;
      for (StreamRecorder r = openHead; r != null; r = r.nextOpen) {
        n++;
      }
      StreamRecorder[] out = new StreamRecorder[n];
      int i = 0;
      for (StreamRecorder r = openHead; r != null; r = r.nextOpen) {
        out[i++] = r;
      }
      return out;
    }
  }

  /** Runs the periodic checks once; the internal thread calls this every second. */
  public void tick() {
    long now;
    try {
      now = time.nanoTime();
    } catch (RuntimeException e) {
      internalErrors.incrementAndGet();
      return;
    }
    // Ticked outside the list's lock: a recorder's tick emits records, and begin and end must not
    // wait for all of them.
    for (StreamRecorder r : openArray()) {
      r.tick(now);
    }
  }

  /** Stops the ticking thread. Open streams are not ended; later streams are not ticked. */
  @Override
  public void close() {
    synchronized (tickerLock) {
      closed = true;
      tickerSettled = true;
      if (ticker != null) {
        ticker.shutdownNow();
        ticker = null;
      }
    }
  }

  /** Failures inside recorders (and their sink) that were counted instead of thrown. */
  public long internalErrors() {
    return internalErrors.get();
  }

  boolean tickerRunning() {
    synchronized (tickerLock) {
      return ticker != null;
    }
  }

  private void startTicker() {
    // Checked without the lock: every exchange begins here, and after the first the answer is no.
    if (!ticking || tickerSettled) {
      return;
    }
    synchronized (tickerLock) {
      if (ticker != null || closed) {
        return;
      }
      tickerSettled = true;
      ScheduledThreadPoolExecutor t =
          new ScheduledThreadPoolExecutor(
              1,
              task -> {
                Thread th = new Thread(task, TICKER_THREAD);
                th.setDaemon(true);
                // Created from whichever thread began the first stream (an application thread,
                // under the agent): don't pin that thread's class loader for the JVM's lifetime.
                th.setContextClassLoader(null);
                return th;
              });
      t.setRemoveOnCancelPolicy(true);
      t.scheduleWithFixedDelay(
          this::tickSafely, TICK_PERIOD_MILLIS, TICK_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
      ticker = t;
    }
  }

  private void tickSafely() {
    // An exception would cancel the schedule for good.
    try {
      tick();
    } catch (Throwable e) {
      internalErrors.incrementAndGet();
    }
  }

  /**
   * 16 hex digits: a counter mixed with a per-factory random salt by a bijective function, so ids
   * never repeat within a factory, don't reveal the stream count, and cost no contention beyond one
   * atomic increment.
   */
  private String nextId() {
    long z = idSalt + idSequence.incrementAndGet() * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z = z ^ (z >>> 31);
    char[] out = new char[16];
    for (int i = 15; i >= 0; i--) {
      out[i] = Character.forDigit((int) (z & 0xF), 16);
      z >>>= 4;
    }
    return new String(out);
  }

  // ---- shared with the recorders ----

  RecorderSettings recorderSettings() {
    return recorderSettings;
  }

  RiskSettings riskSettings() {
    return riskSettings;
  }

  GenAiRoutes genAiRoutes() {
    return genAiRoutes;
  }

  Redactor redactor() {
    return redactor;
  }

  StreamSource source() {
    return source;
  }

  TimeSource time() {
    return time;
  }

  /** Hands a record to the sink; a failing sink is counted, never propagated. */
  void emit(TelemetryRecord record) {
    try {
      TelemetryDispatcher d = dispatcher;
      if (d != null) {
        d.offer(record);
      } else {
        sink.accept(record);
      }
    } catch (Throwable e) {
      internalErrors.incrementAndGet();
    }
  }

  /**
   * Whether recorders should skip per-event records: the dispatcher found its queue three quarters
   * full and has not yet seen it drain to half. Never for a sink that is not a dispatcher, which
   * has no queue to protect.
   */
  boolean shedding() {
    TelemetryDispatcher d = dispatcher;
    return d != null && d.shedding();
  }

  /** Event records recorders skipped while shedding, added up by each recorder. */
  void countShed(long n) {
    TelemetryDispatcher d = dispatcher;
    if (d != null) {
      try {
        d.countDropped(n);
      } catch (Throwable e) {
        internalErrors.incrementAndGet();
      }
    }
  }

  void countError() {
    internalErrors.incrementAndGet();
  }

  /** An event emitted with an unknown write-to-wire delay despite wire tracking. */
  void countWireUnknown() {
    wireUnknownEvents.incrementAndGet();
  }

  /** Events emitted with an unknown write-to-wire delay despite wire tracking, by any recorder. */
  long wireUnknownEvents() {
    return wireUnknownEvents.get();
  }

  void ended(StreamRecorder r) {
    synchronized (openLock) {
      StreamRecorder previous = r.previousOpen;
      StreamRecorder next = r.nextOpen;
      if (previous != null) {
        previous.nextOpen = next;
      } else if (openHead == r) {
        openHead = next;
      } else {
        return; // not in the list
      }
      if (next != null) {
        next.previousOpen = previous;
      }
      r.previousOpen = null;
      r.nextOpen = null;
    }
  }
}
