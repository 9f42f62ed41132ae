package dev.ssewatch.load;

import dev.ssewatch.core.risk.Alert;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What every connection of a run adds to, from the event loops: wait-free histogram recorders and
 * striped counters, so streams on different loops never wait for each other. One reader (the run's
 * sampler) takes interval histograms once a second.
 */
final class LoadMetrics {

  /** Significant decimal digits of every histogram: 0.1% resolution at any magnitude. */
  static final int DIGITS = 3;

  private final Map<Metric, Recorder> recorders = new EnumMap<>(Metric.class);
  private final Map<Metric, Histogram> totals = new EnumMap<>(Metric.class);

  final LongAdder streamsStarted = new LongAdder();
  final LongAdder connections = new LongAdder();
  final LongAdder reconnects = new LongAdder();
  final LongAdder events = new LongAdder();
  final LongAdder comments = new LongAdder();
  final LongAdder bytes = new LongAdder();
  final LongAdder failedConnections = new LongAdder();
  final LongAdder latencyNegative = new LongAdder();
  final LongAdder skippedAtMaxOpen = new LongAdder();
  final AtomicInteger openConnections = new AtomicInteger();
  final AtomicInteger liveStreams = new AtomicInteger();

  private final Map<EndReason, LongAdder> ends = new EnumMap<>(EndReason.class);
  private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
  private final Map<String, Tally> findings = new ConcurrentHashMap<>();

  LoadMetrics() {
    for (Metric m : Metric.values()) {
      recorders.put(m, new Recorder(DIGITS));
      totals.put(m, new Histogram(DIGITS));
    }
    for (EndReason r : EndReason.values()) {
      ends.put(r, new LongAdder());
    }
  }

  void record(Metric m, long nanos) {
    recorders.get(m).recordValue(Math.max(0, nanos / 1000));
  }

  void recordMicros(Metric m, long micros) {
    recorders.get(m).recordValue(Math.max(0, micros));
  }

  void ended(EndReason reason) {
    ends.get(reason).increment();
    if (reason.error()) {
      failedConnections.increment();
    }
  }

  void status(int status) {
    statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
  }

  void finding(Alert a) {
    findings
        .computeIfAbsent(
            a.rule(),
            r ->
                new Tally(
                    a.kind().wireName(),
                    a.rule(),
                    a.severity().wireName(),
                    a.evidence(),
                    a.advice()))
        .count
        .increment();
  }

  /**
   * Moves what was recorded since the last call into the totals and returns it, one histogram per
   * metric. Only the sampler calls this.
   */
  Map<Metric, Histogram> takeInterval() {
    Map<Metric, Histogram> out = new EnumMap<>(Metric.class);
    for (Metric m : Metric.values()) {
      Histogram h = recorders.get(m).getIntervalHistogram();
      totals.get(m).add(h);
      out.put(m, h);
    }
    return out;
  }

  /** The totals so far (everything up to the last {@link #takeInterval}); the sampler's copy. */
  Map<Metric, Histogram> totals() {
    Map<Metric, Histogram> out = new EnumMap<>(Metric.class);
    totals.forEach((m, h) -> out.put(m, h.copy()));
    return out;
  }

  Map<String, Long> ends() {
    Map<String, Long> out = new TreeMap<>();
    ends.forEach((r, n) -> out.put(r.wireName(), n.sum()));
    return out;
  }

  Map<String, Long> statuses() {
    Map<String, Long> out = new TreeMap<>();
    statuses.forEach((s, n) -> out.put(String.valueOf(s), n.sum()));
    return out;
  }

  Map<String, Finding> findings() {
    Map<String, Finding> out = new TreeMap<>();
    findings.forEach(
        (rule, t) ->
            out.put(
                rule, new Finding(t.kind, rule, t.severity, t.count.sum(), t.example, t.advice)));
    return out;
  }

  private static final class Tally {
    final String kind;
    final String rule;
    final String severity;
    final String example;
    final String advice;
    final LongAdder count = new LongAdder();

    Tally(String kind, String rule, String severity, String example, String advice) {
      this.kind = kind;
      this.rule = rule;
      this.severity = severity;
      this.example = example;
      this.advice = advice;
    }
  }
}
