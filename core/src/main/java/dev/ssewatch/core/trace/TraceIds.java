package dev.ssewatch.core.trace;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The trace context of one recorded exchange as records carry it: lowercase hex, as W3C Trace
 * Context writes ids. Built when a stream's start or end record is made; per-event records carry
 * the ids as longs instead.
 *
 * @param traceId 32 hex digits
 * @param spanId the exchange's own span, 16 hex digits
 * @param parentSpanId the caller's span from the request's {@code traceparent}, or null when the
 *     exchange started the trace
 * @param backendSpanId the proxy's client span for its call to the backend (the parent it names in
 *     the {@code traceparent} it sends), or null when none was sent
 */
public record TraceIds(String traceId, String spanId, String parentSpanId, String backendSpanId) {

  private static final char[] DIGITS = "0123456789abcdef".toCharArray();

  /** The ids as hex; a 0 span id is "none". */
  public static TraceIds of(long traceIdHigh, long traceIdLow, long spanId, long parent, long be) {
    return new TraceIds(
        traceId(traceIdHigh, traceIdLow),
        hex(spanId),
        parent == 0 ? null : hex(parent),
        be == 0 ? null : hex(be));
  }

  /** 32 hex digits. */
  public static String traceId(long high, long low) {
    char[] out = new char[32];
    write(high, out, 0);
    write(low, out, 16);
    return new String(out);
  }

  /** 16 hex digits. */
  public static String hex(long id) {
    char[] out = new char[16];
    write(id, out, 0);
    return new String(out);
  }

  /** A {@code traceparent} value of version 00 naming {@code spanId} as the parent. */
  public static String traceparent(long traceIdHigh, long traceIdLow, long spanId, byte flags) {
    char[] out = new char[TraceParent.VERSION_00_LENGTH];
    out[0] = '0';
    out[1] = '0';
    out[2] = '-';
    write(traceIdHigh, out, 3);
    write(traceIdLow, out, 19);
    out[35] = '-';
    write(spanId, out, 36);
    out[52] = '-';
    out[53] = DIGITS[(flags >>> 4) & 0xF];
    out[54] = DIGITS[flags & 0xF];
    return new String(out);
  }

  /** A random non-zero id: a span id, or half of a trace id. */
  public static long randomId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    long v;
    do {
      v = r.nextLong();
    } while (v == 0);
    return v;
  }

  private static void write(long v, char[] out, int at) {
    for (int i = at + 15; i >= at; i--) {
      out[i] = DIGITS[(int) (v & 0xF)];
      v >>>= 4;
    }
  }
}
