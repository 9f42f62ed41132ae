package dev.ssewatch.exporters.otel;

import dev.ssewatch.core.trace.TraceIds;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;

/**
 * How the exported signals join the W3C trace core recorded: spans parented on the caller's span
 * and started with the recorded ids, log records of untracked streams placed in their span's
 * context.
 */
final class TraceLinks {

  private TraceLinks() {}

  /**
   * Parents a stream's span on the caller's span from the request's traceparent, or makes it a root
   * when the exchange began the trace (or its ids are not known).
   */
  static void parent(SpanBuilder sb, TraceIds t) {
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

  /** Starts the stream's span with the ids core recorded (see {@link RecordedIds}). */
  static Span start(SpanBuilder sb, TraceIds t) {
    if (t == null) {
      return sb.startSpan();
    }
    return startWithIds(sb, t.traceId(), t.spanId());
  }

  /**
   * Starts a span with these ids, either of which may be null for a random one. The ids pass to the
   * SDK through a thread-local, so the span starts on the calling thread, right here.
   */
  static Span startWithIds(SpanBuilder sb, String traceId, String spanId) {
    RecordedIds.next(traceId, spanId);
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
  static Context contextOf(long traceIdHigh, long traceIdLow, long spanId) {
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
}
