package dev.ssewatch.exporters.otel;

import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.telemetry.CloseReason;
import dev.ssewatch.core.telemetry.Progress;
import dev.ssewatch.core.telemetry.StreamEnd;
import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.telemetry.StreamStart;
import dev.ssewatch.core.trace.TraceIds;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.semconv.HttpAttributes;
import io.opentelemetry.semconv.UrlAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A stream as a server span: started at {@link StreamStart}, kept current by {@link Progress},
 * ended at {@link StreamEnd} with the recorded timestamps (or made from {@link StreamEnd} alone
 * when the start was never seen); for the proxy, the backend call as a client child span. Holds no
 * state of its own beyond its options; the spans it returns are the caller's to keep.
 */
final class StreamSpans {

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
  private final boolean backendDependency;
  private final long longStreamNanos;

  StreamSpans(Tracer tracer, boolean backendDependency, long longStreamNanos) {
    this.tracer = tracer;
    this.backendDependency = backendDependency;
    this.longStreamNanos = longStreamNanos;
  }

  /** The span of a stream that starts: what the request and the response head tell. */
  Span start(StreamStart s) {
    SpanBuilder sb =
        tracer
            .spanBuilder(spanName(s.method(), s.route()))
            .setSpanKind(SpanKind.SERVER)
            .setStartTimestamp(s.startEpochMillis(), TimeUnit.MILLISECONDS)
            .setAttribute(SseAttributes.STREAM_ID, s.streamId())
            .setAttribute(SseAttributes.SOURCE, s.source().wireName())
            .setAttribute(SseAttributes.EVENT_STREAM, s.eventStream());
    TraceLinks.parent(sb, s.trace());
    AttributesBuilder ab = Attributes.builder();
    httpAttributes(ab, s.method(), s.url(), s.route(), s.status());
    headerAttributes(ab, s.requestHeaders(), REQUEST_HEADERS, "http.request.header.");
    headerAttributes(ab, s.responseHeaders(), RESPONSE_HEADERS, "http.response.header.");
    if (s.timeToHeadersNanos() >= 0) {
      ab.put(SseAttributes.TIME_TO_HEADERS_MS, Nanos.millis(s.timeToHeadersNanos()));
    }
    if (s.genAi() != null) {
      GenAiSpans.atStart(ab, s.genAi(), s.eventStream());
    }
    sb.setAllAttributes(ab.build());
    return TraceLinks.start(sb, s.trace());
  }

  /** Keeps the live span's figures current, so a shutdown mid-stream exports the latest ones. */
  static void progress(Span span, Progress p) {
    span.setAttribute(SseAttributes.EVENTS, p.events());
    span.setAttribute(SseAttributes.BYTES, p.bytes());
    span.setAttribute(SseAttributes.COMMENTS, p.comments());
    span.setAttribute(SseAttributes.HEARTBEATS, p.heartbeats());
    span.setAttribute(SseAttributes.LARGEST_GAP_MS, Nanos.millis(p.largestGapNanos()));
  }

  /** The span of a stream whose start was dropped upstream or evicted: its end tells enough. */
  Span startFromEnd(StreamEnd e) {
    SpanBuilder sb =
        tracer
            .spanBuilder(spanName(e.method(), e.route()))
            .setSpanKind(SpanKind.SERVER)
            .setStartTimestamp(e.startEpochMillis(), TimeUnit.MILLISECONDS)
            .setAttribute(SseAttributes.STREAM_ID, e.streamId())
            .setAttribute(SseAttributes.SOURCE, e.source().wireName());
    TraceLinks.parent(sb, e.trace());
    return TraceLinks.start(sb, e.trace());
  }

  /** Ends a stream's span with everything its end tells, at the recorded end time. */
  void end(Span span, StreamEnd e) {
    AttributesBuilder ab = Attributes.builder();
    httpAttributes(ab, e.method(), e.url(), e.route(), e.status());
    ab.put(SseAttributes.EVENT_STREAM, e.eventStream())
        .put(SseAttributes.EVENTS, e.events())
        .put(SseAttributes.BYTES, e.bytes())
        .put(SseAttributes.COMMENTS, e.comments())
        .put(SseAttributes.HEARTBEATS, e.heartbeats())
        .put(SseAttributes.LARGEST_GAP_MS, Nanos.millis(e.largestGapNanos()))
        .put(SseAttributes.CLOSE_REASON, e.closeReason().wireName());
    if (e.closeDetail() != null) {
      ab.put(SseAttributes.CLOSE_DETAIL, e.closeDetail());
    }
    if (e.timeToFirstEventNanos() >= 0) {
      ab.put(SseAttributes.TIME_TO_FIRST_EVENT_MS, Nanos.millis(e.timeToFirstEventNanos()));
    }
    if (e.durationNanos() >= longStreamNanos) {
      ab.put(SseAttributes.LONG_STREAM, true);
    }
    if (e.genAi() != null) {
      GenAiSpans.atEnd(ab, e.genAi(), e.eventStream());
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
  }

  /** Ends the span of a stream forgotten early because too many were open at once. */
  static void endEvicted(Span span) {
    // Bounded memory beats a complete trace: end the oldest span now, marked as such.
    span.setAttribute(SseAttributes.EVICTED, true);
    span.end();
  }

  /** Ends the span of a stream still open when the exporter shuts down. */
  static void endAtShutdown(Span span, long nowMillis) {
    span.setAttribute(SseAttributes.OPEN_AT_SHUTDOWN, true);
    span.end(nowMillis, TimeUnit.MILLISECONDS);
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
    Span backend = TraceLinks.startWithIds(sb, null, t == null ? null : t.backendSpanId());
    if (e.status() >= 500 || e.closeReason() == CloseReason.UPSTREAM_ABORT) {
      backend.setStatus(StatusCode.ERROR);
    }
    backend.end(endNanos, TimeUnit.NANOSECONDS);
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
}
