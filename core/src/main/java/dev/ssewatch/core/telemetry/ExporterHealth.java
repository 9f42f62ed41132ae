package dev.ssewatch.core.telemetry;

import java.lang.System.Logger.Level;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

/**
 * What one exporter delivered and how it is doing: records sent, failed and dropped by reason, and
 * its state. Exporters update it from the dispatcher's worker or their own threads, never from an
 * application or event-loop thread; readers ({@code /metrics}, the {@code exporter_health} record)
 * take no lock.
 *
 * <p>Every change of state is logged once, in words a user can act on: a warning naming the cause
 * when the exporter stops delivering, an info line saying how much was lost when it is back.
 */
public final class ExporterHealth {

  /** Whether the exporter delivers, and if not, whether it will recover on its own. */
  public enum State {
    /** Records are delivered. */
    OK("ok"),
    /** Sends fail and are being retried; records may fail meanwhile. */
    RETRYING("retrying"),
    /** The endpoint kept failing: exports are skipped for a while and the records dropped. */
    PAUSED("paused"),
    /** The endpoint refused the credentials or does not know the target: needs a human. */
    REFUSED("refused");

    private final String wireName;

    State(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }

  /** Why records failed or were dropped. A fixed set, so metric series stay few. */
  public enum Reason {
    /** The exporter's own buffer was full. */
    QUEUE_FULL,
    /** Skipped while the exporter paused after repeated failures. */
    BREAKER_OPEN,
    /** Credentials, authorisation or an unknown target refused by the endpoint. */
    REFUSED,
    /** No connection could be made. */
    UNREACHABLE,
    /** Connected, but no answer in time. */
    TIMEOUT,
    /** Anything else: a server error, a record too large, a bug. */
    ERROR,
    /** Still buffered when the exporter shut down. */
    SHUTDOWN;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private static final System.Logger LOG = System.getLogger(ExporterHealth.class.getName());

  private static final Reason[] REASONS = Reason.values();

  private final String exporter;
  private final BiConsumer<Level, String> log;
  private final LongAdder sent = new LongAdder();
  private final LongAdder[] failed = new LongAdder[REASONS.length];
  private final LongAdder[] dropped = new LongAdder[REASONS.length];

  private volatile State state = State.OK;
  private volatile String cause = "";

  /** Incremented on each change of state, for readers who report changes. */
  private volatile long changes;

  // Guarded by this: the losses counted when the exporter last left OK.
  private long lostWhenLeftOk;

  ExporterHealth(String exporter, BiConsumer<Level, String> log) {
    this.exporter = Objects.requireNonNull(exporter, "exporter");
    this.log = log;
    for (int i = 0; i < REASONS.length; i++) {
      failed[i] = new LongAdder();
      dropped[i] = new LongAdder();
    }
  }

  /** The health of the exporter {@code exporter} (its configured name), logging state changes. */
  public static ExporterHealth of(String exporter) {
    return new ExporterHealth(exporter, (level, message) -> LOG.log(level, message));
  }

  /** The exporter's configured name: {@code otlp}, {@code event-hubs}… */
  public String exporter() {
    return exporter;
  }

  /** Counts {@code n} records the endpoint accepted. */
  public void sent(long n) {
    if (n > 0) {
      sent.add(n);
    }
  }

  /** Counts {@code n} records whose send failed. */
  public void failed(Reason reason, long n) {
    if (n > 0) {
      failed[reason.ordinal()].add(n);
    }
  }

  /** Counts {@code n} records never sent: dropped by the exporter before trying. */
  public void dropped(Reason reason, long n) {
    if (n > 0) {
      dropped[reason.ordinal()].add(n);
    }
  }

  /**
   * Moves to {@code next} (not {@link State#OK}: see {@link #recovered}) and, if that is a change,
   * logs {@code message} as a warning. {@code message} says what happened and what to do; it must
   * not quote a secret. Returns whether the state changed.
   */
  public synchronized boolean enter(State next, String message) {
    Objects.requireNonNull(next, "next");
    if (next == State.OK) {
      throw new IllegalArgumentException("use recovered() to return to ok");
    }
    if (state == next) {
      return false;
    }
    if (state == State.OK) {
      lostWhenLeftOk = failed() + dropped();
    }
    cause = message;
    state = next;
    changes++;
    log.accept(Level.WARNING, "ssewatch: " + message);
    return true;
  }

  /**
   * Back to {@link State#OK} after a success, logging how many records were lost meanwhile. {@code
   * subject} names the endpoint ("OTLP endpoint http://collector:4318"). Returns whether the state
   * changed.
   */
  public synchronized boolean recovered(String subject) {
    if (state == State.OK) {
      return false;
    }
    long lost = failed() + dropped() - lostWhenLeftOk;
    state = State.OK;
    cause = "";
    changes++;
    log.accept(
        Level.INFO,
        "ssewatch: "
            + subject
            + " is back: "
            + lost
            + (lost == 1 ? " record" : " records")
            + " failed or dropped while it was down");
    return true;
  }

  public State state() {
    return state;
  }

  /** The message logged when the current state was entered; empty while {@link State#OK}. */
  public String cause() {
    return cause;
  }

  /** Changes of state since start. */
  public long changes() {
    return changes;
  }

  public long sent() {
    return sent.sum();
  }

  public long failed(Reason reason) {
    return failed[reason.ordinal()].sum();
  }

  public long dropped(Reason reason) {
    return dropped[reason.ordinal()].sum();
  }

  /** Records failed, over all reasons. */
  public long failed() {
    long n = 0;
    for (LongAdder a : failed) {
      n += a.sum();
    }
    return n;
  }

  /** Records dropped, over all reasons. */
  public long dropped() {
    long n = 0;
    for (LongAdder a : dropped) {
      n += a.sum();
    }
    return n;
  }

  @Override
  public String toString() {
    return "ExporterHealth[" + exporter + ", " + state.wireName() + "]";
  }
}
