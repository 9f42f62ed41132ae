package dev.ssewatch.exporters.otel;

import dev.ssewatch.core.telemetry.ExporterHealth;
import dev.ssewatch.core.telemetry.ExporterHealth.Reason;
import dev.ssewatch.core.telemetry.ExporterHealth.State;
import dev.ssewatch.core.time.TimeSource;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import java.util.function.LongConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A circuit breaker shared by the span, log-record and metric exporters of one sink, which all talk
 * to the same endpoint.
 *
 * <p>Why: an endpoint that refuses connections fails every export at once, so the SDK's batch
 * processors, instead of waiting as they do on a stalled endpoint, serialise and send batch after
 * batch as fast as records arrive, only to fail again. On two cores that work competes with the
 * proxy's event loops and with the application. After {@value #FAILURES_TO_OPEN} failed exports in
 * a row the breaker opens: exports are skipped without touching the delegate (no serialisation, no
 * connection attempt, no SDK log line) for a pause that starts at one second and doubles, with
 * jitter, up to a minute. When the pause ends one export goes through as a probe; its success
 * closes the breaker, its failure opens it for the next, longer pause.
 *
 * <p>Skipped spans and log records are counted ({@link #dropped()}, and the listener feeds {@code
 * ssewatch.telemetry.dropped}). The exporter's {@link ExporterHealth} counts what was sent, failed
 * and dropped, and logs one line per change of state, never one per failure: at the first failure
 * (so a user hears of it within one export, not after the breaker's pauses), when the breaker opens
 * and when the endpoint answers again.
 */
public final class ExportBreaker {

  private static final Logger LOG = Logger.getLogger(ExportBreaker.class.getName());

  /** Failed exports in a row that open the breaker: one failure may be a blip, three are not. */
  static final int FAILURES_TO_OPEN = 3;

  static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
  static final Duration MAX_PAUSE = Duration.ofSeconds(60);

  /** What {@link #acquire} answers for an export to skip. */
  static final long SKIP = -1;

  /** What {@link #acquire} answers for an ordinary export while the breaker is closed. */
  static final long PASS = 0;

  private enum State {
    CLOSED,
    OPEN,
    PROBING
  }

  private final String name;
  private final ExporterHealth health;
  private final String subject;
  private final String refusedHint;
  private final TimeSource time;
  private final DoubleSupplier random;
  private final long firstPauseNanos;
  private final long maxPauseNanos;
  private final long probeTimeoutNanos;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong attempts = new AtomicLong();
  private volatile LongConsumer dropListener = n -> {};

  /** What the sink last saw of the endpoint's answer, for exporters that fail without a cause. */
  private volatile ExportFailure observed;

  /** Mirrors {@code state != CLOSED} for readers on the dispatcher's thread, who take no lock. */
  private volatile boolean skipping;

  // Guarded by this. Only the SDK's exporter threads and their completion callbacks get here, a few
  // times a second at most, never an application or event-loop thread.
  private State state = State.CLOSED;
  private int failures;
  private long pauseNanos;
  private long openUntilNanos;
  private long probeId;
  private long probeStartedNanos;
  private long droppedWhenOpened;

  ExportBreaker(
      String name,
      TimeSource time,
      DoubleSupplier random,
      Duration firstPause,
      Duration maxPause,
      Duration probeTimeout) {
    this(
        name,
        ExporterHealth.of(name),
        name,
        "check the exporter's settings",
        time,
        random,
        firstPause,
        maxPause,
        probeTimeout);
  }

  ExportBreaker(
      String name,
      ExporterHealth health,
      String subject,
      String refusedHint,
      TimeSource time,
      DoubleSupplier random,
      Duration firstPause,
      Duration maxPause,
      Duration probeTimeout) {
    this.name = name;
    this.health = health;
    this.subject = subject;
    this.refusedHint = refusedHint;
    this.time = time;
    this.random = random;
    this.firstPauseNanos = firstPause.toNanos();
    this.maxPauseNanos = maxPause.toNanos();
    this.probeTimeoutNanos = probeTimeout.toNanos();
  }

  /**
   * A breaker for the sink {@code name} (for its log lines). A probe that has not answered within
   * {@code probeTimeout} (at least the exporters' own timeout) counts as failed.
   */
  public static ExportBreaker create(String name, Duration probeTimeout) {
    return create(name, probeTimeout, name, "check the exporter's settings");
  }

  /**
   * A breaker for the sink {@code name} whose log lines call the endpoint {@code subject} ("OTLP
   * endpoint http://collector:4318", never with credentials) and tell a refused user what to check
   * ({@code refusedHint}, e.g. "check the connection string's instrumentation key").
   */
  public static ExportBreaker create(
      String name, Duration probeTimeout, String subject, String refusedHint) {
    return new ExportBreaker(
        name,
        ExporterHealth.of(name),
        subject,
        refusedHint,
        TimeSource.system(),
        () -> ThreadLocalRandom.current().nextDouble(),
        FIRST_PAUSE,
        MAX_PAUSE,
        probeTimeout);
  }

  /** Called with the number of spans or log records each skipped export dropped. */
  public void onDrop(LongConsumer listener) {
    this.dropListener = listener;
  }

  /** What the endpoint accepted, failed and what was dropped, and its state. */
  public ExporterHealth health() {
    return health;
  }

  /** Spans and log records skipped while the breaker was open, since start. */
  public long dropped() {
    return dropped.get();
  }

  /**
   * Exports let through to the endpoint since start: each is at most one request, plus the retries
   * the SDK's exporter makes within its own timeout.
   */
  public long attempts() {
    return attempts.get();
  }

  /**
   * What the sink saw of the endpoint's latest answer: the failure it stands for, or {@code null}
   * for an accepted export. An export that then fails without a cause of its own (Azure Monitor's
   * exporters report none) is put down to it. Called before the export's result completes.
   */
  public void observed(ExportFailure failure) {
    this.observed = failure;
  }

  /** Whether exports are being skipped now (open, or waiting on a probe). */
  public boolean isOpen() {
    return skipping;
  }

  public SpanExporter wrap(SpanExporter exporter) {
    return new BreakerExporters.Spans(this, exporter);
  }

  public LogRecordExporter wrap(LogRecordExporter exporter) {
    return new BreakerExporters.LogRecords(this, exporter);
  }

  public MetricExporter wrap(MetricExporter exporter) {
    return new BreakerExporters.Metrics(this, exporter);
  }

  /**
   * Whether the next export may go to the endpoint: {@link #SKIP}, {@link #PASS}, or a positive
   * probe id to hand back to {@link #completed}.
   */
  synchronized long acquire() {
    long now = time.nanoTime();
    switch (state) {
      case CLOSED:
        attempts.incrementAndGet();
        return PASS;
      case PROBING:
        if (now - probeStartedNanos < probeTimeoutNanos) {
          return SKIP;
        }
        // The probe never answered: as good as a failure, and the pause that follows it is over
        // already, so this export becomes the next probe.
        lengthenPause();
        return probe(now);
      case OPEN:
      default:
        return now - openUntilNanos < 0 ? SKIP : probe(now);
    }
  }

  /**
   * The outcome of an export {@link #acquire} let through: {@code records} spans or log records (0
   * for metrics), and on failure the result's throwable, if any.
   */
  synchronized void completed(long ticket, boolean success, Throwable failure, int records) {
    ExportFailure seen = observed;
    ExportFailure why =
        success ? null : failure == null && seen != null ? seen : ExportFailure.of(failure);
    try {
      completed(ticket, success, why);
    } finally {
      // Counted after the change of state, so the first failure is part of the outage's loss.
      if (success) {
        health.sent(records);
      } else {
        health.failed(why.reason(), records);
      }
    }
  }

  private void completed(long ticket, boolean success, ExportFailure why) {
    if (ticket == PASS) {
      if (state != State.CLOSED) {
        // Sent before the breaker opened: only the probe speaks for the endpoint now.
        return;
      }
      if (success) {
        failures = 0;
        health.recovered(subject);
      } else {
        // Said at the first failure: the breaker's pauses come later and last longer.
        enterFailing(why);
        if (++failures >= FAILURES_TO_OPEN) {
          pauseNanos = firstPauseNanos;
          open();
          if (health.state() != ExporterHealth.State.REFUSED) {
            health.enter(
                ExporterHealth.State.PAUSED,
                subject
                    + ": "
                    + failures
                    + " exports in a row failed (last: "
                    + why.detail()
                    + "); pausing exports (retrying after "
                    + firstPauseNanos / 1_000_000
                    + " ms, backing off up to "
                    + maxPauseNanos / 1_000_000
                    + " ms). Spans and log records are dropped and counted in "
                    + SseMetricNames.TELEMETRY_DROPPED
                    + " until the endpoint answers.");
          }
        }
      }
      return;
    }
    if (state != State.PROBING || ticket != probeId) {
      return;
    }
    if (success) {
      state = State.CLOSED;
      skipping = false;
      failures = 0;
      LOG.fine(
          name
              + ": exports resumed ("
              + (dropped.get() - droppedWhenOpened)
              + " spans and log records dropped while paused)");
      health.recovered(subject);
    } else {
      if (why.reason() == Reason.REFUSED) {
        enterFailing(why);
      }
      lengthenPause();
      open();
      LOG.log(Level.FINE, "{0}: probe failed, next in {1} ms", new Object[] {name, pauseMs()});
    }
  }

  /** The state and its log line for a failed export, in words a user can act on. */
  private void enterFailing(ExportFailure why) {
    switch (why.reason()) {
      case REFUSED ->
          health.enter(
              ExporterHealth.State.REFUSED,
              subject
                  + " refused the export ("
                  + why.detail()
                  + "): "
                  + (why.advice() != null ? why.advice() : refusedHint));
      case UNREACHABLE ->
          health.enter(
              ExporterHealth.State.RETRYING,
              subject
                  + " unreachable ("
                  + why.detail()
                  + "): records are dropped while it is down");
      case TIMEOUT ->
          health.enter(
              ExporterHealth.State.RETRYING,
              subject
                  + " did not answer in time ("
                  + why.detail()
                  + "): records are dropped while it is stalled");
      default ->
          health.enter(
              ExporterHealth.State.RETRYING,
              subject
                  + " failed an export ("
                  + why.detail()
                  + "): "
                  + (why.advice() != null ? why.advice() : "retrying"));
    }
  }

  /** Counts what a skipped export, or a record never handed to the SDK, dropped. */
  void skipped(int records) {
    if (records > 0) {
      dropped.addAndGet(records);
      health.dropped(Reason.BREAKER_OPEN, records);
      dropListener.accept(records);
    }
  }

  private void open() {
    if (state == State.CLOSED) {
      droppedWhenOpened = dropped.get();
    }
    state = State.OPEN;
    skipping = true;
    // Jitter keeps many instances that lost the same collector from probing it in step.
    long jittered = (long) (pauseNanos * (0.5 + 0.5 * random.getAsDouble()));
    openUntilNanos = time.nanoTime() + Math.max(1, jittered);
  }

  private void lengthenPause() {
    pauseNanos = Math.min(maxPauseNanos, pauseNanos * 2);
  }

  private long probe(long now) {
    attempts.incrementAndGet();
    state = State.PROBING;
    probeStartedNanos = now;
    return ++probeId;
  }

  private long pauseMs() {
    return pauseNanos / 1_000_000;
  }
}
