package dev.ssewatch.core.telemetry;

import dev.ssewatch.core.risk.Alert;
import dev.ssewatch.core.risk.ImminentCut;
import dev.ssewatch.core.risk.Severity;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * One alert per cause, not one per stream. A cause is a (source, route, rule, severity): a route
 * whose framework sends no {@code Cache-Control} raises the same alert on every stream, and a
 * thousand identical records a minute bury the one that matters (and are billed by volume).
 *
 * <p>The first alert of a cause goes out at once and opens a window; alerts of that cause within
 * the window are counted, not exported, and the window's end exports one {@link AlertSummary} with
 * the count, the first and last stream and when they were seen. A window that counted something is
 * followed by the next one straight away, so a cause that goes on yields one summary per window; a
 * window that counted nothing ends the cause, and its next alert goes out at once again. Severity
 * is part of the cause so that a graver alert is never folded into a milder one's summary.
 *
 * <p>Alerts that say a stream is about to be cut ({@link ImminentCut}) are never held back: they
 * pass through untouched, each with its stream.
 *
 * <p>At most {@code maxCauses} causes are tracked; when that many windows are open, the alerts of a
 * cause not tracked pass through as if grouping were off (more records, none lost) and are counted
 * in {@link #untracked()}. Windows are measured on the export thread's monotonic clock, when it
 * takes the alert from the queue.
 *
 * <p>Used by the dispatcher's worker thread only: not thread-safe, and it never runs on the threads
 * that observe streams.
 */
final class AlertGrouper {

  /** Default {@code ssewatch.alerts.group-window}. */
  static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);

  /** Default {@code ssewatch.alerts.max-causes}. */
  static final int DEFAULT_MAX_CAUSES = 1_000;

  static final Duration MAX_WINDOW = Duration.ofHours(24);
  static final int MAX_MAX_CAUSES = 1_000_000;

  private record Cause(StreamSource source, String route, String rule, Severity severity) {}

  private static final class Window {
    final Cause cause;
    long startNanos;
    long endNanos;
    long count;
    Alert last;
    String firstStreamId;
    long firstMillis;
    String lastStreamId;
    long lastMillis;
    long lastTraceIdHigh;
    long lastTraceIdLow;
    long lastSpanId;

    Window(Cause cause, long startNanos, long endNanos) {
      this.cause = cause;
      this.startNanos = startNanos;
      this.endNanos = endNanos;
    }
  }

  private final long windowNanos;
  private final int maxCauses;

  /**
   * Open windows in the order they end: every window is as long as the others and starts no earlier
   * than the ones before it, so a window that starts (again) goes to the back.
   */
  private final LinkedHashMap<Cause, Window> windows = new LinkedHashMap<>();

  // Written by the worker only; read by metrics from any thread.
  private volatile long held;
  private volatile long summarised;
  private volatile long untracked;

  /**
   * @param window how long repeats of a cause are counted before a summary; zero turns grouping off
   * @param maxCauses causes tracked at once, at least 1
   */
  AlertGrouper(Duration window, int maxCauses) {
    if (window.isNegative() || window.compareTo(MAX_WINDOW) > 0) {
      throw new IllegalArgumentException("group window must be from 0 to 24h, got " + window);
    }
    if (maxCauses < 1 || maxCauses > MAX_MAX_CAUSES) {
      throw new IllegalArgumentException(
          "max causes must be from 1 to " + MAX_MAX_CAUSES + ", got " + maxCauses);
    }
    this.windowNanos = window.toNanos();
    this.maxCauses = maxCauses;
  }

  /** Whether grouping is on (a window longer than zero). */
  boolean enabled() {
    return windowNanos > 0;
  }

  /**
   * Decides about one alert taken from the queue at {@code now}: {@code true} to export it now,
   * {@code false} when it was counted into its cause's window. A window of its cause that ended
   * before {@code now} is closed first, its summary appended to {@code out}.
   */
  boolean admit(AlertRecord record, long now, List<TelemetryRecord> out, long nowMillis) {
    Alert a = record.alert();
    if (windowNanos == 0 || ImminentCut.isImminent(a)) {
      return true;
    }
    Cause cause = new Cause(record.source(), record.route(), a.rule(), a.severity());
    Window w = windows.get(cause);
    if (w != null && now - w.endNanos >= 0) {
      // Due but not yet closed: the clock jumped past it between two turns of the worker.
      close(w, now, out, nowMillis);
      w = windows.get(cause);
    }
    if (w == null) {
      if (windows.size() >= maxCauses) {
        untracked++;
        return true;
      }
      windows.put(cause, new Window(cause, now, now + windowNanos));
      return true;
    }
    if (w.count == 0) {
      w.firstStreamId = record.streamId();
      w.firstMillis = record.timestampMillis();
    }
    w.count++;
    w.last = a;
    w.lastStreamId = record.streamId();
    w.lastMillis = record.timestampMillis();
    w.lastTraceIdHigh = record.traceIdHigh();
    w.lastTraceIdLow = record.traceIdLow();
    w.lastSpanId = record.spanId();
    held++;
    return false;
  }

  /** Closes every window that ended by {@code now}, appending the summaries to {@code out}. */
  void closeDue(long now, List<TelemetryRecord> out, long nowMillis) {
    Window w;
    while ((w = firstWindow()) != null && now - w.endNanos >= 0) {
      close(w, now, out, nowMillis);
    }
  }

  /** Closes every window now, appending the summaries of those that counted anything: shutdown. */
  void closeAll(long now, List<TelemetryRecord> out, long nowMillis) {
    for (Iterator<Window> it = windows.values().iterator(); it.hasNext(); ) {
      Window w = it.next();
      it.remove();
      if (w.count > 0) {
        out.add(summary(w, now, nowMillis));
      }
    }
  }

  /** Whether any cause has a window open. */
  boolean hasOpenWindows() {
    return !windows.isEmpty();
  }

  /** When the first window to end ends, a {@code nanoTime} reading; only if there is one. */
  long nextEndNanos() {
    return windows.values().iterator().next().endNanos;
  }

  /** Causes tracked now. */
  int causes() {
    return windows.size();
  }

  /** Alerts counted into a window instead of exported, since start. */
  long held() {
    return held;
  }

  /** Summaries made since start. */
  long summarised() {
    return summarised;
  }

  /** Alerts exported on their own because {@code maxCauses} windows were open, since start. */
  long untracked() {
    return untracked;
  }

  private Window firstWindow() {
    return windows.isEmpty() ? null : windows.values().iterator().next();
  }

  private void close(Window w, long now, List<TelemetryRecord> out, long nowMillis) {
    windows.remove(w.cause);
    if (w.count == 0) {
      return; // the cause went quiet: its next alert is a first one again
    }
    out.add(summary(w, now, nowMillis));
    // The cause goes on: count its repeats in a new window from now, without a new first alert.
    w.count = 0;
    w.startNanos = now;
    w.endNanos = now + windowNanos;
    windows.put(w.cause, w);
  }

  private AlertSummary summary(Window w, long now, long nowMillis) {
    summarised++;
    return new AlertSummary(
        nowMillis,
        w.cause.source(),
        w.cause.route(),
        w.last,
        w.count,
        w.firstStreamId,
        w.firstMillis,
        w.lastStreamId,
        w.lastMillis,
        Math.max(0, now - w.startNanos),
        w.lastTraceIdHigh,
        w.lastTraceIdLow,
        w.lastSpanId);
  }
}
