package dev.ssewatch.exporters.otel;

import dev.ssewatch.core.telemetry.AlertRecord;
import dev.ssewatch.core.telemetry.AlertSummary;
import dev.ssewatch.core.telemetry.EventRecord;
import dev.ssewatch.core.telemetry.Progress;
import dev.ssewatch.core.telemetry.StreamEnd;
import dev.ssewatch.core.telemetry.StreamStart;
import dev.ssewatch.core.telemetry.TelemetryDropped;
import dev.ssewatch.core.telemetry.TelemetryRecord;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import java.time.Duration;
import java.util.Objects;

/**
 * Turns ssewatch telemetry records into OpenTelemetry signals through the API only, so any SDK can
 * sit behind it (OTLP, Azure Monitor). One class per signal does the work:
 *
 * <ul>
 *   <li>{@link StreamSpans}: a stream is a span, started at {@link StreamStart} and ended at {@link
 *       StreamEnd}; {@link GenAiSpans} adds an LLM or MCP call's attributes;
 *   <li>{@link SseMetrics} and {@link GenAiMetrics}: the metrics;
 *   <li>{@link SseLogRecords}: per-event metadata and alerts as log records carrying their stream's
 *       span context.
 * </ul>
 *
 * <p>This class routes each record to them and keeps the one state they share, the {@link
 * OpenStreams open streams}: a stream's span and metric attributes from its start to its end.
 *
 * <p>The stream's span has the trace id, span id and remote parent core recorded (W3C Trace
 * Context): parented on the caller's span from the request's {@code traceparent}, it joins the
 * caller's trace. The ids reach the SDK through {@link RecordedIds}, which the tracer provider
 * behind this mapping must use; with another id generator the spans get ids of their own and only
 * the parent link survives.
 *
 * <p>Thread-safe. {@link #record} runs on the dispatcher's worker thread, {@link #endOpenStreams}
 * on the thread that shuts the sink down, {@link #openStreams} on any thread that asks: all three
 * hold this object's monitor, which guards the only mutable state, the open streams (with the
 * heartbeats already counted for each) and the routes the alert counter keeps. The helpers above
 * hold no other mutable state; the OpenTelemetry API they call is thread-safe itself. The monitor
 * is uncontended while the exporter runs, since only the worker records. {@link
 * #countExporterDrops} takes no lock: the SDK's export threads call it, and it only adds to a
 * counter.
 */
public final class SseTelemetryMapping {

  static final String INSTRUMENTATION_SCOPE = "dev.ssewatch";

  /** Event name of per-SSE-event log records; same as {@link SseMetricNames#EVENT_LOG}. */
  public static final String EVENT_LOG_NAME = SseMetricNames.EVENT_LOG;

  /** Event name of alert log records; same as {@link SseMetricNames#ALERT_LOG}. */
  public static final String ALERT_LOG_NAME = SseMetricNames.ALERT_LOG;

  /** Route value on the {@code sse.alerts} counter for routes past the distinct-route bound. */
  public static final String OTHER_ROUTE = "other";

  /** Default bound on the distinct routes of the {@code sse.alerts} counter. */
  public static final int DEFAULT_MAX_ALERT_ROUTES = 100;

  private final StreamSpans spans;
  private final SseLogRecords logs;
  private final SseMetrics metrics;
  private final GenAiMetrics genAiMetrics;
  private final OpenStreams open;

  private SseTelemetryMapping(Builder b) {
    this.spans =
        new StreamSpans(
            b.openTelemetry.getTracer(INSTRUMENTATION_SCOPE, version()),
            b.backendDependency,
            b.longStreamThreshold.toNanos());
    this.logs =
        new SseLogRecords(
            b.openTelemetry
                .getLogsBridge()
                .loggerBuilder(INSTRUMENTATION_SCOPE)
                .setInstrumentationVersion(version())
                .build(),
            b.exportEvents,
            b.pausedBy,
            b.customEvents);
    Meter meter =
        b.openTelemetry
            .meterBuilder(INSTRUMENTATION_SCOPE)
            .setInstrumentationVersion(version())
            .build();
    this.metrics = new SseMetrics(meter, b.maxAlertRoutes);
    this.genAiMetrics = new GenAiMetrics(meter);
    this.open =
        new OpenStreams(
            b.maxOpenStreams,
            s -> {
              StreamSpans.endEvicted(s.span);
              metrics.streamClosed(s.metricAttributes);
            });
  }

  public static Builder builder(OpenTelemetry openTelemetry) {
    return new Builder(openTelemetry);
  }

  /** Maps one record. Never throws for a record: a bad record must not stop the batch. */
  public synchronized void record(TelemetryRecord record) {
    Objects.requireNonNull(record, "record");
    if (record instanceof StreamStart s) {
      onStart(s);
    } else if (record instanceof EventRecord e) {
      onEvent(e);
    } else if (record instanceof Progress p) {
      onProgress(p);
    } else if (record instanceof StreamEnd e) {
      onEnd(e);
    } else if (record instanceof AlertRecord a) {
      onAlert(a);
    } else if (record instanceof AlertSummary a) {
      // Added to sse.alerts, so the counter counts every alert, summarised or not.
      metrics.alerts(a.alert(), a.route(), a.count());
      logs.alertSummary(a);
    } else if (record instanceof TelemetryDropped d) {
      metrics.droppedByCore(d.dropped());
    }
  }

  /**
   * Counts {@code records} spans and log records an exporter dropped because its endpoint kept
   * failing, in {@code ssewatch.telemetry.dropped} with {@code ssewatch.drop.reason}. Called from
   * the SDK's threads, so not synchronized: the counter is thread-safe.
   */
  public void countExporterDrops(long records) {
    metrics.droppedByExporter(records);
  }

  /** Streams currently tracked (started, not yet ended). */
  public synchronized int openStreams() {
    return open.size();
  }

  /**
   * Ends the spans of streams still open, marked {@link SseAttributes#OPEN_AT_SHUTDOWN}, so an
   * hour-long stream is not lost when the process stops.
   */
  public synchronized void endOpenStreams() {
    long now = System.currentTimeMillis();
    open.removeAll(
        s -> {
          StreamSpans.endAtShutdown(s.span, now);
          metrics.streamClosed(s.metricAttributes);
        });
  }

  private void onStart(StreamStart s) {
    if (open.contains(s.streamId())) {
      return;
    }
    Attributes metricAttributes = SseMetrics.streamAttributes(s.source(), s.route());
    Span span = spans.start(s);
    open.put(s.streamId(), new OpenStreams.OpenStream(span, s.route(), metricAttributes));
    metrics.streamOpened(metricAttributes);
  }

  private void onEvent(EventRecord e) {
    OpenStreams.OpenStream s = open.get(e.streamId());
    metrics.event(e, s == null ? null : s.metricAttributes);
    logs.event(e, s == null ? null : s.span);
  }

  private void onProgress(Progress p) {
    OpenStreams.OpenStream s = open.get(p.streamId());
    if (s == null) {
      return;
    }
    metrics.heartbeats(s, p.heartbeats());
    StreamSpans.progress(s.span, p);
  }

  private void onEnd(StreamEnd e) {
    OpenStreams.OpenStream s = open.remove(e.streamId());
    Span span;
    Attributes metricAttributes;
    if (s != null) {
      span = s.span;
      metricAttributes = s.metricAttributes;
      metrics.streamClosed(metricAttributes);
      metrics.heartbeats(s, e.heartbeats());
    } else {
      // The start was dropped upstream or evicted: the end carries enough for the whole span.
      metricAttributes = SseMetrics.streamAttributes(e.source(), e.route());
      span = spans.startFromEnd(e);
      metrics.heartbeats(e.heartbeats(), metricAttributes);
    }
    if (e.genAi() != null) {
      genAiMetrics.record(e.genAi(), e.route());
    }
    spans.end(span, e);
    metrics.streamEnded(e, metricAttributes);
  }

  private void onAlert(AlertRecord a) {
    // Alerts core raises at a stream's end come before its stream_end record, so the stream is
    // still tracked here; only a stream whose start was lost or evicted has no route.
    OpenStreams.OpenStream s = open.get(a.streamId());
    String route = s == null ? a.route() : s.route;
    metrics.alerts(a.alert(), route, 1);
    logs.alert(a, route, s == null ? null : s.span);
  }

  static String version() {
    String v = SseTelemetryMapping.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  /** Options of the mapping; every default suits a plain OTLP backend. */
  public static final class Builder {
    private final OpenTelemetry openTelemetry;
    private boolean exportEvents = true;
    private ExportBreaker pausedBy;
    private boolean backendDependency;
    private boolean customEvents;
    private Duration longStreamThreshold = Duration.ofSeconds(30);
    private int maxOpenStreams = 10_000;
    private int maxAlertRoutes = DEFAULT_MAX_ALERT_ROUTES;

    private Builder(OpenTelemetry openTelemetry) {
      this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
    }

    /** Whether each SSE event becomes a log record (default {@code true}). */
    public Builder exportEvents(boolean exportEvents) {
      this.exportEvents = exportEvents;
      return this;
    }

    /**
     * The breaker in front of the SDK's exporters (default none): while it is open, per-event log
     * records are not even built, and are counted as dropped by it.
     */
    public Builder pausedBy(ExportBreaker breaker) {
      this.pausedBy = breaker;
      return this;
    }

    /**
     * Whether a proxied stream also gets a client span for the backend call (default {@code
     * false}): Application Insights shows it as a dependency. A stream whose backend request
     * carried the proxy's {@code traceparent} gets it either way, since the backend's spans name it
     * as their parent.
     */
    public Builder backendDependency(boolean backendDependency) {
      this.backendDependency = backendDependency;
      return this;
    }

    /**
     * Whether alert log records carry {@code microsoft.custom_event.name}, which makes Application
     * Insights store them as customEvents (default {@code false}).
     */
    public Builder customEvents(boolean customEvents) {
      this.customEvents = customEvents;
      return this;
    }

    /** Streams lasting at least this long get {@code sse.long_stream=true} (default 30 s). */
    public Builder longStreamThreshold(Duration threshold) {
      if (threshold.isNegative()) {
        throw new IllegalArgumentException("longStreamThreshold must not be negative");
      }
      this.longStreamThreshold = threshold;
      return this;
    }

    /**
     * How many open streams to track (default 10000); past that the oldest span is ended early with
     * {@code sse.evicted=true}, which bounds memory whatever the traffic.
     */
    public Builder maxOpenStreams(int maxOpenStreams) {
      if (maxOpenStreams < 1) {
        throw new IllegalArgumentException("maxOpenStreams must be at least 1");
      }
      this.maxOpenStreams = maxOpenStreams;
      return this;
    }

    /**
     * How many distinct routes the {@code sse.alerts} counter keeps (default {@value
     * #DEFAULT_MAX_ALERT_ROUTES}); alerts of further routes are counted under {@code
     * http.route=other}. 0 counts every alert under {@code other}.
     */
    public Builder maxAlertRoutes(int maxAlertRoutes) {
      if (maxAlertRoutes < 0) {
        throw new IllegalArgumentException("maxAlertRoutes must not be negative");
      }
      this.maxAlertRoutes = maxAlertRoutes;
      return this;
    }

    public SseTelemetryMapping build() {
      return new SseTelemetryMapping(this);
    }
  }
}
