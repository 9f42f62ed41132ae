package dev.ssewatch.exporters.otel;

import dev.ssewatch.core.risk.Alert;
import dev.ssewatch.core.telemetry.AlertRecord;
import dev.ssewatch.core.telemetry.AlertSummary;
import dev.ssewatch.core.telemetry.EventRecord;
import io.opentelemetry.api.logs.LogRecordBuilder;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.semconv.HttpAttributes;
import java.util.concurrent.TimeUnit;

/**
 * Per-event metadata and alerts as log records in their stream's span context. Never span events: a
 * span keeps 128 events by default and silently drops the oldest. Holds no state of its own beyond
 * its options.
 */
final class SseLogRecords {

  private final Logger logger;
  private final boolean exportEvents;
  private final ExportBreaker pausedBy;
  private final boolean customEvents;

  SseLogRecords(Logger logger, boolean exportEvents, ExportBreaker pausedBy, boolean customEvents) {
    this.logger = logger;
    this.exportEvents = exportEvents;
    this.pausedBy = pausedBy;
    this.customEvents = customEvents;
  }

  /** An {@code sse.event} record, when events are exported; {@code span} null when untracked. */
  void event(EventRecord e, Span span) {
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
            .setEventName(SseMetricNames.EVENT_LOG)
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
      lb.setAttribute(SseAttributes.EVENT_GAP_MS, Nanos.millis(e.gapSincePreviousEventNanos()));
    }
    if (e.gapSincePreviousByteNanos() >= 0) {
      lb.setAttribute(SseAttributes.EVENT_BYTE_GAP_MS, Nanos.millis(e.gapSincePreviousByteNanos()));
    }
    if (e.writeToWireNanos() >= 0) {
      lb.setAttribute(SseAttributes.EVENT_WRITE_TO_WIRE_MS, Nanos.millis(e.writeToWireNanos()));
    }
    inContext(lb, span, e.traceIdHigh(), e.traceIdLow(), e.spanId());
    lb.emit();
  }

  /**
   * An {@code sse.alert} record; {@code route} is the tracked stream's, or the record's own when
   * the stream is not tracked ({@code span} null).
   */
  void alert(AlertRecord a, String route, Span span) {
    Alert alert = a.alert();
    Severity severity = severity(alert.severity());
    LogRecordBuilder lb =
        logger
            .logRecordBuilder()
            .setEventName(SseMetricNames.ALERT_LOG)
            .setTimestamp(a.timestampMillis(), TimeUnit.MILLISECONDS)
            .setSeverity(severity)
            .setSeverityText(severity.name())
            .setBody(alert.kind().wireName() + "/" + alert.rule() + ": " + alert.evidence())
            .setAttribute(SseAttributes.STREAM_ID, a.streamId())
            .setAttribute(SseAttributes.ALERT_KIND, alert.kind().wireName())
            .setAttribute(SseAttributes.ALERT_RULE, alert.rule())
            .setAttribute(SseAttributes.ALERT_SEVERITY, alert.severity().wireName())
            .setAttribute(SseAttributes.ALERT_ADVICE, alert.advice())
            // Core builds evidence from figures and redacted header values only, never event data.
            .setAttribute(SseAttributes.ALERT_EVIDENCE, alert.evidence());
    if (customEvents) {
      lb.setAttribute(SseAttributes.MICROSOFT_CUSTOM_EVENT_NAME, SseMetricNames.ALERT_LOG);
    }
    inContext(lb, span, a.traceIdHigh(), a.traceIdLow(), a.spanId());
    if (route != null) {
      // A log record is one item, not a time series: the exact route costs no cardinality here.
      lb.setAttribute(HttpAttributes.HTTP_ROUTE, route);
      lb.setAttribute(SseAttributes.ROUTE, route);
    }
    lb.emit();
  }

  /**
   * An {@code sse.alert_summary} record: the repeats of one cause that core counted instead of
   * exporting, in the span context of the last stream counted so that it can be followed to one
   * request that showed the cause.
   */
  void alertSummary(AlertSummary a) {
    Alert alert = a.alert();
    Severity severity = severity(alert.severity());
    LogRecordBuilder lb =
        logger
            .logRecordBuilder()
            .setEventName(SseMetricNames.ALERT_SUMMARY_LOG)
            .setTimestamp(a.timestampMillis(), TimeUnit.MILLISECONDS)
            .setSeverity(severity)
            .setSeverityText(severity.name())
            .setBody(
                alert.kind().wireName()
                    + "/"
                    + alert.rule()
                    + ": "
                    + a.count()
                    + " more: "
                    + alert.evidence())
            .setAttribute(SseAttributes.ALERT_KIND, alert.kind().wireName())
            .setAttribute(SseAttributes.ALERT_RULE, alert.rule())
            .setAttribute(SseAttributes.ALERT_SEVERITY, alert.severity().wireName())
            .setAttribute(SseAttributes.ALERT_ADVICE, alert.advice())
            .setAttribute(SseAttributes.ALERT_EVIDENCE, alert.evidence())
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
    inContext(lb, null, a.traceIdHigh(), a.traceIdLow(), a.spanId());
    if (a.route() != null) {
      lb.setAttribute(HttpAttributes.HTTP_ROUTE, a.route());
      lb.setAttribute(SseAttributes.ROUTE, a.route());
    }
    lb.emit();
  }

  /** The tracked stream's span, else the span the record's ids name, if any. */
  private static void inContext(
      LogRecordBuilder lb, Span span, long traceIdHigh, long traceIdLow, long spanId) {
    if (span != null) {
      lb.setContext(Context.root().with(span));
      return;
    }
    Context c = TraceLinks.contextOf(traceIdHigh, traceIdLow, spanId);
    if (c != null) {
      lb.setContext(c);
    }
  }

  private static Severity severity(dev.ssewatch.core.risk.Severity severity) {
    return switch (severity) {
      case CRITICAL -> Severity.ERROR;
      case WARNING -> Severity.WARN;
      case INFO -> Severity.INFO;
    };
  }
}
