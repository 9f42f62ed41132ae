package dev.ssewatch.exporters.otel;

import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.telemetry.AlertRecord;
import dev.ssewatch.core.telemetry.AlertSummary;
import dev.ssewatch.core.telemetry.CloseReason;
import dev.ssewatch.core.telemetry.EventRecord;
import dev.ssewatch.core.telemetry.Progress;
import dev.ssewatch.core.telemetry.StreamEnd;
import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.telemetry.StreamStart;
import dev.ssewatch.core.telemetry.TelemetryDropped;
import dev.ssewatch.core.telemetry.TelemetryRecord;
import dev.ssewatch.core.trace.TraceIds;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.logs.LogRecordBuilder;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.semconv.HttpAttributes;
import io.opentelemetry.semconv.UrlAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Turns ssewatch telemetry records into OpenTelemetry signals through the API only, so any SDK can
 * sit behind it (OTLP, Azure Monitor):
 *
 * <ul>
 *   <li>a stream is a span, started at {@link StreamStart} and ended at {@link StreamEnd} with the
 *       recorded timestamps (or made from {@link StreamEnd} alone when the start was never seen);
 *   <li>SSE metrics (see {@link SseMetrics});
 *   <li>per-event metadata and alerts as log records carrying their stream's span context. Never
 *       span events: a span keeps 128 events by default and silently drops the oldest.
 * </ul>
 *
 * <p>The stream's span has the trace id, span id and remote parent core recorded (W3C Trace
 * Context): parented on the caller's span from the request's {@code traceparent}, it joins the
 * caller's trace. The ids reach the SDK through {@link RecordedIds}, which the tracer provider
 * behind this mapping must use; with another id generator the spans get ids of their own and only
 * the parent link survives.
 *
 * <p>Not thread-safe by design beyond the lock below: the dispatcher calls it from one worker
 * thread; the lock only guards against a shutdown from another thread.
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

  /**
   * Headers worth seeing when diagnosing a stream. Only these are exported, whatever core's
   * redaction lets through: semantic conventions make header capture opt-in, and an allowlist keeps
   * credentials out even when a redaction rule misses one.
   */
  static final Set<String> REQUEST_HEADERS =
      Set.of("accept", "accept-encoding", "cache-control", "user-agent", "x-forwarded-proto");

  static final Set<String> RESPONSE_HEADERS =
      Set.of(
          "content-type",
          "cache-control",
          "content-encoding",
          "content-length",
          "transfer-encoding",
          "connection",
          "x-accel-buffering",
          "via");

  private final Tracer tracer;
  private final Logger logger;
  private final SseMetrics metrics;
  private final GenAiMetrics genAiMetrics;
  private final boolean exportEvents;
  private final ExportBreaker pausedBy;
  private final boolean backendDependency;
  private final boolean customEvents;
  private final long longStreamNanos;
  private final Map<String, OpenStream> open;
  private final int maxAlertRoutes;
  private final Set<String> alertRoutes = new HashSet<>();

  private SseTelemetryMapping(Builder b) {
    this.tracer = b.openTelemetry.getTracer(INSTRUMENTATION_SCOPE, version());
    this.logger =
        b.openTelemetry
            .getLogsBridge()
            .loggerBuilder(INSTRUMENTATION_SCOPE)
            .setInstrumentationVersion(version())
            .build();
    io.opentelemetry.api.metrics.Meter meter =
        b.openTelemetry
            .meterBuilder(INSTRUMENTATION_SCOPE)
            .setInstrumentationVersion(version())
            .build();
    this.metrics = new SseMetrics(meter);
    this.genAiMetrics = new GenAiMetrics(meter);
    this.exportEvents = b.exportEvents;
    this.pausedBy = b.pausedBy;
    this.backendDependency = b.backendDependency;
    this.customEvents = b.customEvents;
    this.longStreamNanos = b.longStreamThreshold.toNanos();
    this.maxAlertRoutes = b.maxAlertRoutes;
    int max = b.maxOpenStreams;
    this.open =
        new LinkedHashMap<>(16, 0.75f, false) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, OpenStream> eldest) {
            if (size() <= max) {
              return false;
            }
            // Bounded memory beats a complete trace: end the oldest span now, marked as such.
            OpenStream s = eldest.getValue();
            s.span.setAttribute(SseAttributes.EVICTED, true);
            s.span.end();
            metrics.openStreams.add(-1, s.metricAttributes);
            return true;
          }
        };
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
      onAlertSummary(a);
    } else if (record instanceof TelemetryDropped d) {
      metrics.telemetryDropped.add(d.dropped());
    }
  }

  /**
   * Counts {@code records} spans and log records an exporter dropped because its endpoint kept
   * failing, in {@code ssewatch.telemetry.dropped} with {@code ssewatch.drop.reason}. Called from
   * the SDK's threads, so not synchronized: the counter is thread-safe.
   */
  public void countExporterDrops(long records) {
    metrics.telemetryDropped.add(records, SseMetrics.EXPORTER_PAUSED);
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
    for (Iterator<OpenStream> it = open.values().iterator(); it.hasNext(); ) {
      OpenStream s = it.next();
      s.span.setAttribute(SseAttributes.OPEN_AT_SHUTDOWN, true);
      s.span.end(now, TimeUnit.MILLISECONDS);
      metrics.openStreams.add(-1, s.metricAttributes);
      it.remove();
    }
  }

  private void onStart(StreamStart s) {
    if (open.containsKey(s.streamId())) {
      return;
    }
    Attributes metricAttributes = metricAttributes(s.source(), s.route());
    SpanBuilder sb =
        tracer
            .spanBuilder(spanName(s.method(), s.route()))
            .setSpanKind(SpanKind.SERVER)
            .setStartTimestamp(s.startEpochMillis(), TimeUnit.MILLISECONDS)
            .setAttribute(SseAttributes.STREAM_ID, s.streamId())
            .setAttribute(SseAttributes.SOURCE, s.source().wireName())
            .setAttribute(SseAttributes.EVENT_STREAM, s.eventStream());
    parent(sb, s.trace());
    AttributesBuilder ab = Attributes.builder();
    httpAttributes(ab, s.method(), s.url(), s.route(), s.status());
    headerAttributes(ab, s.requestHeaders(), REQUEST_HEADERS, "http.request.header.");
    headerAttributes(ab, s.responseHeaders(), RESPONSE_HEADERS, "http.response.header.");
    if (s.timeToHeadersNanos() >= 0) {
      ab.put(SseAttributes.TIME_TO_HEADERS_MS, millis(s.timeToHeadersNanos()));
    }
    if (s.genAi() != null) {
      GenAiSpans.atStart(ab, s.genAi(), s.eventStream());
    }
    sb.setAllAttributes(ab.build());
    Span span = start(sb, s.trace());
    open.put(s.streamId(), new OpenStream(span, s.route(), metricAttributes));
    metrics.openStreams.add(1, metricAttributes);
  }

  private void onEvent(EventRecord e) {
    OpenStream s = open.get(e.streamId());
    AttributesBuilder counted = Attributes.builder().put(SseAttributes.EVENT_TYPE, e.type());
    if (s != null) {
      counted.putAll(s.metricAttributes);
    }
    Attributes attrs = counted.build();
    metrics.events.add(1, attrs);
    metrics.eventSize.record(e.dataBytes(), s == null ? Attributes.empty() : s.metricAttributes);
    if (e.gapSincePreviousEventNanos() >= 0) {
      metrics.eventGap.record(
          seconds(e.gapSincePreviousEventNanos()),
          s == null ? Attributes.empty() : s.metricAttributes);
    }
    if (!exportEvents) {
      return;
    }
    if (pausedBy != null && pausedBy.isOpen()) {
      // The record would only be skipped at export: not building it spares the dispatcher's
      // thread an allocation per event for as long as the endpoint is down.
      pausedBy.skipped(1);
      return;
    }
    LogRecordBuilder lb =
        logger
            .logRecordBuilder()
            .setEventName(EVENT_LOG_NAME)
            .setTimestamp(e.timestampMillis(), TimeUnit.MILLISECONDS)
            .setSeverity(Severity.INFO)
            .setAttribute(SseAttributes.STREAM_ID, e.streamId())
            .setAttribute(SseAttributes.EVENT_SEQ, e.seq())
            .setAttribute(SseAttributes.EVENT_TYPE, e.type())
            .setAttribute(SseAttributes.EVENT_DATA_BYTES, e.dataBytes())
            .setAttribute(SseAttributes.EVENT_DATA_LINES, (long) e.dataLines());
    if (e.id() != null) {
      lb.setAttribute(SseAttributes.EVENT_ID, e.id());
    }
    if (e.gapSincePreviousEventNanos() >= 0) {
      lb.setAttribute(SseAttributes.EVENT_GAP_MS, millis(e.gapSincePreviousEventNanos()));
    }
    if (e.gapSincePreviousByteNanos() >= 0) {
      lb.setAttribute(SseAttributes.EVENT_BYTE_GAP_MS, millis(e.gapSincePreviousByteNanos()));
    }
    if (e.writeToWireNanos() >= 0) {
      lb.setAttribute(SseAttributes.EVENT_WRITE_TO_WIRE_MS, millis(e.writeToWireNanos()));
    }
    if (s != null) {
      lb.setContext(Context.root().with(s.span));
    } else {
      Context c = contextOf(e.traceIdHigh(), e.traceIdLow(), e.spanId());
      if (c != null) {
        lb.setContext(c);
      }
    }
    lb.emit();
  }

  private void onProgress(Progress p) {
    OpenStream s = open.get(p.streamId());
    if (s == null) {
      return;
    }
    countHeartbeats(s, p.heartbeats());
    // Keeps the live span's figures current, so a shutdown mid-stream exports the latest ones.
    s.span.setAttribute(SseAttributes.EVENTS, p.events());
    s.span.setAttribute(SseAttributes.BYTES, p.bytes());
    s.span.setAttribute(SseAttributes.COMMENTS, p.comments());
    s.span.setAttribute(SseAttributes.HEARTBEATS, p.heartbeats());
    s.span.setAttribute(SseAttributes.LARGEST_GAP_MS, millis(p.largestGapNanos()));
  }

  private void onEnd(StreamEnd e) {
    OpenStream s = open.remove(e.streamId());
    Span span;
    Attributes metricAttributes;
    if (s != null) {
      span = s.span;
      metricAttributes = s.metricAttributes;
      metrics.openStreams.add(-1, metricAttributes);
      countHeartbeats(s, e.heartbeats());
    } else {
      // The start was dropped upstream or evicted: the end carries enough for the whole span.
      metricAttributes = metricAttributes(e.source(), e.route());
      SpanBuilder sb =
          tracer
              .spanBuilder(spanName(e.method(), e.route()))
              .setSpanKind(SpanKind.SERVER)
              .setStartTimestamp(e.startEpochMillis(), TimeUnit.MILLISECONDS)
              .setAttribute(SseAttributes.STREAM_ID, e.streamId())
              .setAttribute(SseAttributes.SOURCE, e.source().wireName());
      parent(sb, e.trace());
      span = start(sb, e.trace());
      if (e.heartbeats() > 0) {
        metrics.heartbeats.add(e.heartbeats(), metricAttributes);
      }
    }
    AttributesBuilder ab = Attributes.builder();
    httpAttributes(ab, e.method(), e.url(), e.route(), e.status());
    ab.put(SseAttributes.EVENT_STREAM, e.eventStream())
        .put(SseAttributes.EVENTS, e.events())
        .put(SseAttributes.BYTES, e.bytes())
        .put(SseAttributes.COMMENTS, e.comments())
        .put(SseAttributes.HEARTBEATS, e.heartbeats())
        .put(SseAttributes.LARGEST_GAP_MS, millis(e.largestGapNanos()))
        .put(SseAttributes.CLOSE_REASON, e.closeReason().wireName());
    if (e.closeDetail() != null) {
      ab.put(SseAttributes.CLOSE_DETAIL, e.closeDetail());
    }
    if (e.timeToFirstEventNanos() >= 0) {
      ab.put(SseAttributes.TIME_TO_FIRST_EVENT_MS, millis(e.timeToFirstEventNanos()));
    }
    if (e.durationNanos() >= longStreamNanos) {
      ab.put(SseAttributes.LONG_STREAM, true);
    }
    if (e.genAi() != null) {
      GenAiSpans.atEnd(ab, e.genAi(), e.eventStream());
      genAiMetrics.record(e.genAi(), e.route());
    }
    span.setAllAttributes(ab.build());
    if (e.status() >= 500) {
      span.setStatus(StatusCode.ERROR, "HTTP " + e.status());
    } else if (e.closeReason() == CloseReason.ERROR
        || e.closeReason() == CloseReason.UPSTREAM_ABORT) {
      span.setStatus(StatusCode.ERROR, e.closeReason().wireName());
    }
    long startNanos = TimeUnit.MILLISECONDS.toNanos(e.startEpochMillis());
    long endNanos = startNanos + Math.max(0, e.durationNanos());
    // A backend request that carried the proxy's traceparent named this client span as its parent:
    // it must exist, or the application's spans would hang under a span no one exported.
    boolean namedToBackend = e.trace() != null && e.trace().backendSpanId() != null;
    if ((backendDependency || namedToBackend) && e.source() == StreamSource.PROXY) {
      backendSpan(span, e, startNanos, endNanos);
    }
    span.end(endNanos, TimeUnit.NANOSECONDS);

    metrics.streamDuration.record(seconds(e.durationNanos()), metricAttributes);
    if (e.timeToFirstEventNanos() >= 0) {
      metrics.timeToFirstEvent.record(seconds(e.timeToFirstEventNanos()), metricAttributes);
    }
  }

  /** The proxy's call to the backend, as a client child of the client-facing server span. */
  private void backendSpan(Span parent, StreamEnd e, long startNanos, long endNanos) {
    AttributesBuilder ab = Attributes.builder();
    httpAttributes(ab, e.method(), e.url(), e.route(), e.status());
    SpanBuilder sb =
        tracer
            .spanBuilder(spanName(e.method(), e.route()))
            .setSpanKind(SpanKind.CLIENT)
            .setParent(Context.root().with(parent))
            .setStartTimestamp(startNanos, TimeUnit.NANOSECONDS)
            .setAllAttributes(ab.build())
            .setAttribute(SseAttributes.STREAM_ID, e.streamId());
    // The client span the proxy named as parent in the traceparent it sent the backend, so the
    // application's own spans hang under it.
    TraceIds t = e.trace();
    RecordedIds.next(null, t == null ? null : t.backendSpanId());
    Span backend;
    try {
      backend = sb.startSpan();
    } finally {
      RecordedIds.clear();
    }
    if (e.status() >= 500 || e.closeReason() == CloseReason.UPSTREAM_ABORT) {
      backend.setStatus(StatusCode.ERROR);
    }
    backend.end(endNanos, TimeUnit.NANOSECONDS);
  }

  private void onAlert(AlertRecord a) {
    // Alerts core raises at a stream's end come before its stream_end record, so the stream is
    // still tracked here; only a stream whose start was lost or evicted has no route.
    OpenStream s = open.get(a.streamId());
    String route = s == null ? a.route() : s.route;
    countAlerts(a.alert(), route, 1);
    Severity severity = logSeverity(a.alert().severity());
    LogRecordBuilder lb =
        logger
            .logRecordBuilder()
            .setEventName(ALERT_LOG_NAME)
            .setTimestamp(a.timestampMillis(), TimeUnit.MILLISECONDS)
            .setSeverity(severity)
            .setSeverityText(severity.name())
            .setBody(
                a.alert().kind().wireName() + "/" + a.alert().rule() + ": " + a.alert().evidence())
            .setAttribute(SseAttributes.STREAM_ID, a.streamId())
            .setAttribute(SseAttributes.ALERT_KIND, a.alert().kind().wireName())
            .setAttribute(SseAttributes.ALERT_RULE, a.alert().rule())
            .setAttribute(SseAttributes.ALERT_SEVERITY, a.alert().severity().wireName())
            .setAttribute(SseAttributes.ALERT_ADVICE, a.alert().advice())
            // Core builds evidence from figures and redacted header values only, never event data.
            .setAttribute(SseAttributes.ALERT_EVIDENCE, a.alert().evidence());
    if (customEvents) {
      lb.setAttribute(SseAttributes.MICROSOFT_CUSTOM_EVENT_NAME, ALERT_LOG_NAME);
    }
    if (s != null) {
      lb.setContext(Context.root().with(s.span));
    } else {
      Context c = contextOf(a.traceIdHigh(), a.traceIdLow(), a.spanId());
      if (c != null) {
        lb.setContext(c);
      }
    }
    if (route != null) {
      // A log record is one item, not a time series: the exact route costs no cardinality here.
      lb.setAttribute(HttpAttributes.HTTP_ROUTE, route);
      lb.setAttribute(SseAttributes.ROUTE, route);
    }
    lb.emit();
  }

  /**
   * Repeats of one cause that core counted instead of exporting: added to {@code sse.alerts}, so
   * the counter counts every alert, and one log record of their own, in the span context of the
   * last stream counted so that it can be followed to one request that showed the cause.
   */
  private void onAlertSummary(AlertSummary a) {
    countAlerts(a.alert(), a.route(), a.count());
    Severity severity = logSeverity(a.alert().severity());
    LogRecordBuilder lb =
        logger
            .logRecordBuilder()
            .setEventName(SseMetricNames.ALERT_SUMMARY_LOG)
            .setTimestamp(a.timestampMillis(), TimeUnit.MILLISECONDS)
            .setSeverity(severity)
            .setSeverityText(severity.name())
            .setBody(
                a.alert().kind().wireName()
                    + "/"
                    + a.alert().rule()
                    + ": "
                    + a.count()
                    + " more: "
                    + a.alert().evidence())
            .setAttribute(SseAttributes.ALERT_KIND, a.alert().kind().wireName())
            .setAttribute(SseAttributes.ALERT_RULE, a.alert().rule())
            .setAttribute(SseAttributes.ALERT_SEVERITY, a.alert().severity().wireName())
            .setAttribute(SseAttributes.ALERT_ADVICE, a.alert().advice())
            .setAttribute(SseAttributes.ALERT_EVIDENCE, a.alert().evidence())
            .setAttribute(SseAttributes.ALERT_COUNT, a.count())
            .setAttribute(SseAttributes.ALERT_FIRST_TIME_MS, a.firstMillis())
            .setAttribute(SseAttributes.ALERT_LAST_TIME_MS, a.lastMillis())
            .setAttribute(SseAttributes.ALERT_WINDOW_MS, a.windowNanos() / 1e6);
    if (a.firstStreamId() != null) {
      lb.setAttribute(SseAttributes.ALERT_FIRST_STREAM_ID, a.firstStreamId());
    }
    if (a.lastStreamId() != null) {
      lb.setAttribute(SseAttributes.ALERT_LAST_STREAM_ID, a.lastStreamId());
    }
    if (a.source() != null) {
      lb.setAttribute(SseAttributes.SOURCE, a.source().wireName());
    }
    if (customEvents) {
      lb.setAttribute(SseAttributes.MICROSOFT_CUSTOM_EVENT_NAME, SseMetricNames.ALERT_SUMMARY_LOG);
    }
    Context c = contextOf(a.traceIdHigh(), a.traceIdLow(), a.spanId());
    if (c != null) {
      lb.setContext(c);
    }
    if (a.route() != null) {
      lb.setAttribute(HttpAttributes.HTTP_ROUTE, a.route());
      lb.setAttribute(SseAttributes.ROUTE, a.route());
    }
    lb.emit();
  }

  private void countAlerts(dev.ssewatch.core.risk.Alert alert, String route, long n) {
    AttributesBuilder counted =
        Attributes.builder()
            .put(SseAttributes.ALERT_KIND, alert.kind().wireName())
            .put(SseAttributes.ALERT_SEVERITY, alert.severity().wireName());
    if (route != null) {
      counted.put(HttpAttributes.HTTP_ROUTE, alertCounterRoute(route));
    }
    metrics.alerts.add(n, counted.build());
  }

  /**
   * Parents a stream's span on the caller's span from the request's traceparent, or makes it a root
   * when the exchange began the trace (or its ids are not known).
   */
  private static void parent(SpanBuilder sb, TraceIds t) {
    if (t == null || t.parentSpanId() == null) {
      sb.setNoParent();
      return;
    }
    // Sampled: the stream is recorded whatever the caller decided, and a parent-based sampler
    // must not drop what core already chose to record.
    SpanContext caller =
        SpanContext.createFromRemoteParent(
            t.traceId(), t.parentSpanId(), TraceFlags.getSampled(), TraceState.getDefault());
    if (caller.isValid()) {
      sb.setParent(Context.root().with(Span.wrap(caller)));
    } else {
      sb.setNoParent();
    }
  }

  /** Starts the span with the ids core recorded (see {@link RecordedIds}). */
  private static Span start(SpanBuilder sb, TraceIds t) {
    if (t == null) {
      return sb.startSpan();
    }
    RecordedIds.next(t.traceId(), t.spanId());
    try {
      return sb.startSpan();
    } finally {
      RecordedIds.clear();
    }
  }

  /**
   * The span context of a stream the mapping does not track (its start was lost or evicted, or an
   * alert summary's last stream), from the ids its records carry; null when they are not known.
   */
  private static Context contextOf(long traceIdHigh, long traceIdLow, long spanId) {
    if ((traceIdHigh == 0 && traceIdLow == 0) || spanId == 0) {
      return null;
    }
    SpanContext sc =
        SpanContext.create(
            TraceIds.traceId(traceIdHigh, traceIdLow),
            TraceIds.hex(spanId),
            TraceFlags.getSampled(),
            TraceState.getDefault());
    return sc.isValid() ? Context.root().with(Span.wrap(sc)) : null;
  }

  private static Severity logSeverity(dev.ssewatch.core.risk.Severity severity) {
    return switch (severity) {
      case CRITICAL -> Severity.ERROR;
      case WARNING -> Severity.WARN;
      case INFO -> Severity.INFO;
    };
  }

  /**
   * The route as the {@code sse.alerts} counter carries it. The agent's routes are URL paths, so
   * their number is unbounded: the first {@code maxAlertRoutes} distinct routes are kept, later
   * ones fold into {@link #OTHER_ROUTE}, which keeps the counter's series bounded whatever the
   * traffic. The log record keeps the exact route.
   */
  private String alertCounterRoute(String route) {
    if (alertRoutes.contains(route)) {
      return route;
    }
    if (alertRoutes.size() < maxAlertRoutes) {
      alertRoutes.add(route);
      return route;
    }
    return OTHER_ROUTE;
  }

  private void countHeartbeats(OpenStream s, long total) {
    long delta = total - s.heartbeatsCounted;
    if (delta > 0) {
      metrics.heartbeats.add(delta, s.metricAttributes);
      s.heartbeatsCounted = total;
    }
  }

  private static Attributes metricAttributes(StreamSource source, String route) {
    AttributesBuilder b = Attributes.builder().put(SseAttributes.SOURCE, source.wireName());
    if (route != null) {
      b.put(HttpAttributes.HTTP_ROUTE, route);
    }
    return b.build();
  }

  static String spanName(String method, String route) {
    String m = method == null ? "HTTP" : method;
    return route == null || route.isEmpty() ? m : m + " " + route;
  }

  private static void httpAttributes(
      AttributesBuilder ab, String method, String url, String route, int status) {
    if (method != null) {
      ab.put(HttpAttributes.HTTP_REQUEST_METHOD, method);
    }
    if (route != null) {
      ab.put(HttpAttributes.HTTP_ROUTE, route);
    }
    if (status > 0) {
      ab.put(HttpAttributes.HTTP_RESPONSE_STATUS_CODE, (long) status);
    }
    if (url == null) {
      return;
    }
    if (url.startsWith("http://") || url.startsWith("https://")) {
      ab.put(UrlAttributes.URL_FULL, url);
      return;
    }
    // A request target (origin form): split as server spans do.
    ab.put(SseAttributes.URL, url);
    int q = url.indexOf('?');
    ab.put(UrlAttributes.URL_PATH, q < 0 ? url : url.substring(0, q));
    if (q >= 0) {
      ab.put(UrlAttributes.URL_QUERY, url.substring(q + 1));
    }
  }

  private static void headerAttributes(
      AttributesBuilder ab, List<Header> headers, Set<String> allowed, String prefix) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    for (Header h : headers) {
      String name = h.name().toLowerCase(Locale.ROOT);
      if (allowed.contains(name)) {
        values.computeIfAbsent(name, k -> new ArrayList<>()).add(h.value());
      }
    }
    values.forEach((name, v) -> ab.put(prefix + name, v.toArray(new String[0])));
  }

  private static double millis(long nanos) {
    return nanos / 1_000_000.0;
  }

  private static double seconds(long nanos) {
    return nanos / 1_000_000_000.0;
  }

  static String version() {
    String v = SseTelemetryMapping.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  /** What the mapping tracks for a stream between its start and its end. */
  private static final class OpenStream {
    final Span span;
    final String route;
    final Attributes metricAttributes;
    long heartbeatsCounted;

    OpenStream(Span span, String route, Attributes metricAttributes) {
      this.span = span;
      this.route = route;
      this.metricAttributes = metricAttributes;
    }
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
