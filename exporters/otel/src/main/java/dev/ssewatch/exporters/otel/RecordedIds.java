package dev.ssewatch.exporters.otel;

import io.opentelemetry.sdk.trace.IdGenerator;

/**
 * An {@link IdGenerator} that hands out the ids core recorded for a stream, so the exported span is
 * the span whose ids the JSON lines, the logs and the {@code traceparent} sent to a backend name.
 * The SDK generates a span's ids itself when the span starts; the OpenTelemetry API has no way to
 * pass them in, and an id generator is the SDK's supported place to choose them. The mapping {@link
 * #next sets} the ids on its own thread just before it starts a span and {@link #clear clears} them
 * after; any other span (or a span of a record without ids) gets random ones.
 */
public final class RecordedIds implements IdGenerator {

  /** The generator to set on a tracer provider that sits behind {@link SseTelemetryMapping}. */
  public static final RecordedIds INSTANCE = new RecordedIds();

  private static final IdGenerator RANDOM = IdGenerator.random();

  /** Trace id, then span id, of the span about to start on this thread; null entries are random. */
  private static final ThreadLocal<String[]> NEXT = ThreadLocal.withInitial(() -> new String[2]);

  private RecordedIds() {}

  /** The ids of the next span started on this thread; either may be null for a random one. */
  static void next(String traceId, String spanId) {
    String[] n = NEXT.get();
    n[0] = traceId;
    n[1] = spanId;
  }

  static void clear() {
    String[] n = NEXT.get();
    n[0] = null;
    n[1] = null;
  }

  @Override
  public String generateSpanId() {
    String[] n = NEXT.get();
    String id = n[1];
    if (id == null) {
      return RANDOM.generateSpanId();
    }
    // One span per feed: a second span started before clear() must not reuse the id.
    n[1] = null;
    return id;
  }

  @Override
  public String generateTraceId() {
    String[] n = NEXT.get();
    String id = n[0];
    if (id == null) {
      return RANDOM.generateTraceId();
    }
    n[0] = null;
    return id;
  }

  @Override
  public String toString() {
    return "RecordedIds";
  }
}
