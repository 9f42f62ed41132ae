package dev.ssewatch.core.trace;

import dev.ssewatch.core.http.Header;
import java.util.List;

/**
 * The caller's span, read from a W3C Trace Context {@code traceparent} request header (version
 * {@code 00} rules). Anything that does not parse is ignored, as the recommendation asks: the
 * exchange then starts a trace of its own.
 *
 * @param traceIdHigh the first 8 bytes of the trace id
 * @param traceIdLow the last 8 bytes of the trace id
 * @param parentSpanId the caller's span id, never 0
 * @param flags the trace flags byte ({@code 01}: the caller sampled this trace)
 */
public record TraceParent(long traceIdHigh, long traceIdLow, long parentSpanId, byte flags) {

  /** The header's name; header names are case-insensitive. */
  public static final String HEADER = "traceparent";

  /** {@code 00-} + 32 + {@code -} + 16 + {@code -} + 2. */
  static final int VERSION_00_LENGTH = 55;

  /**
   * The caller's span from {@code headers}, or null when there is no {@code traceparent}, more than
   * one, or one that does not parse.
   */
  public static TraceParent from(List<Header> headers) {
    if (headers == null) {
      return null;
    }
    String value = null;
    for (int i = 0, n = headers.size(); i < n; i++) {
      Header h = headers.get(i);
      if (h != null && HEADER.equalsIgnoreCase(h.name())) {
        if (value != null) {
          // Two parents cannot both be right: the recommendation lets a receiver discard both.
          return null;
        }
        value = h.value();
      }
    }
    return value == null ? null : parse(value);
  }

  /** One {@code traceparent} value, or null when it is not valid. */
  public static TraceParent parse(String value) {
    if (value == null) {
      return null;
    }
    int start = 0;
    int end = value.length();
    // Optional whitespace around a field value belongs to HTTP, not to the value.
    while (start < end && isOws(value.charAt(start))) {
      start++;
    }
    while (end > start && isOws(value.charAt(end - 1))) {
      end--;
    }
    int len = end - start;
    if (len < VERSION_00_LENGTH) {
      return null;
    }
    int version = hexByte(value, start);
    if (version < 0 || version == 0xff) {
      // Not lowercase hex, or the version the recommendation forbids.
      return null;
    }
    if (version == 0 && len != VERSION_00_LENGTH) {
      // Version 00 has exactly these fields.
      return null;
    }
    if (version > 0 && len > VERSION_00_LENGTH && value.charAt(start + VERSION_00_LENGTH) != '-') {
      // A later version may append fields, but only after a dash; its first fields read as 00's.
      return null;
    }
    if (value.charAt(start + 2) != '-'
        || value.charAt(start + 35) != '-'
        || value.charAt(start + 52) != '-') {
      return null;
    }
    if (!allHex(value, start + 3, 32) || !allHex(value, start + 36, 16)) {
      return null;
    }
    int flags = hexByte(value, start + 53);
    if (flags < 0) {
      return null;
    }
    long high = hexLong(value, start + 3);
    long low = hexLong(value, start + 19);
    long parent = hexLong(value, start + 36);
    if ((high == 0 && low == 0) || parent == 0) {
      // All-zero ids are invalid by definition.
      return null;
    }
    return new TraceParent(high, low, parent, (byte) flags);
  }

  /** Whether the caller sampled this trace. */
  public boolean sampled() {
    return (flags & 1) != 0;
  }

  /** Whether the {@code n} chars at {@code at} are all lowercase hex digits. */
  private static boolean allHex(String s, int at, int n) {
    for (int i = at; i < at + n; i++) {
      if (digit(s.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  /** 16 hex digits at {@code at}, already checked. */
  private static long hexLong(String s, int at) {
    long v = 0;
    for (int i = 0; i < 16; i++) {
      v = (v << 4) | digit(s.charAt(at + i));
    }
    return v;
  }

  /** 2 lowercase hex digits at {@code at}, or -1. */
  private static int hexByte(String s, int at) {
    int a = digit(s.charAt(at));
    int b = digit(s.charAt(at + 1));
    return a < 0 || b < 0 ? -1 : (a << 4) | b;
  }

  /** A lowercase hex digit's value, or -1: uppercase is invalid in version 00. */
  private static int digit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return -1;
  }

  private static boolean isOws(char c) {
    return c == ' ' || c == '\t';
  }
}
