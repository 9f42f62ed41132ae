package dev.ssewatch.core.telemetry;

import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.risk.Alert;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The StringBuilder encoder as it was before records were written as bytes, kept as the reference
 * the byte encoder must match character for character. Changed with the schema only to add fields
 * (schema 3: the trace context), written here with the JDK's own hex formatting.
 *
 * <p>Original description: the one JSON encoding of telemetry records, shared by every exporter
 * that writes JSON: one object per record, no line breaks inside, fields in a fixed order. The
 * schema is documented in docs/telemetry-schema.md; it has no field for event data, because the
 * records have none.
 *
 * <p>Conventions: timestamps are ISO-8601 UTC with milliseconds; durations are milliseconds with
 * three decimals ({@code *_ms}); a duration the record marks unknown (negative, normally -1) is
 * {@code null}, as is an absent string; every documented field is always present. Headers are
 * arrays of {@code [name, value]} pairs in wire order, so repeated headers survive.
 */
final class ReferenceJsonLines {

  /** The {@code schema} field: bumped when a field changes meaning or disappears. */
  static final int SCHEMA_VERSION = JsonLines.SCHEMA_VERSION;

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private ReferenceJsonLines() {}

  /** The record as one JSON object, without a line terminator. */
  public static String toJson(TelemetryRecord record) {
    StringBuilder b = new StringBuilder(256);
    appendJson(record, b);
    return b.toString();
  }

  /** Appends the record as one JSON object, without a line terminator. */
  public static void appendJson(TelemetryRecord record, StringBuilder b) {
    b.append("{\"record\":");
    string(b, record.recordType());
    b.append(",\"schema\":").append(SCHEMA_VERSION);
    b.append(",\"ts\":");
    timestamp(b, record.timestampMillis());
    b.append(",\"stream_id\":");
    string(b, record.streamId());
    if (record instanceof EventRecord e) {
      event(b, e);
    } else if (record instanceof StreamStart s) {
      streamStart(b, s);
    } else if (record instanceof StreamEnd s) {
      streamEnd(b, s);
    } else if (record instanceof Progress p) {
      progress(b, p);
    } else if (record instanceof AlertRecord a) {
      alert(b, a.alert());
      b.append(",\"source\":");
      string(b, a.source() == null ? null : a.source().wireName());
      b.append(",\"route\":");
      string(b, a.route());
      spanIds(b, a.traceIdHigh(), a.traceIdLow(), a.spanId());
    } else if (record instanceof AlertSummary a) {
      alertSummary(b, a);
    } else if (record instanceof TelemetryDropped d) {
      b.append(",\"dropped\":").append(d.dropped());
      b.append(",\"dropped_total\":").append(d.droppedTotal());
    } else if (record instanceof ExporterHealthRecord h) {
      b.append(",\"exporter\":");
      string(b, h.exporter());
      b.append(",\"state\":");
      string(b, h.state());
      b.append(",\"cause\":");
      string(b, h.cause());
      b.append(",\"sent\":").append(h.sent());
      b.append(",\"failed\":").append(h.failed());
      b.append(",\"dropped\":").append(h.dropped());
    } else {
      // The interface is sealed; a new record type must be added here and to the schema.
      throw new IllegalArgumentException("unknown record type " + record.getClass().getName());
    }
    b.append('}');
  }

  /**
   * Appends {@code s} as a JSON string (or {@code null}) escaped as in every record: for tools that
   * print JSON of their own in the same conventions.
   */
  public static void appendString(String s, StringBuilder b) {
    string(b, s);
  }

  /** Appends nanoseconds as the schema's milliseconds with three decimals, negative as null. */
  public static void appendMillis(long nanos, StringBuilder b) {
    millis(b, nanos);
  }

  private static void event(StringBuilder b, EventRecord e) {
    b.append(",\"seq\":").append(e.seq());
    b.append(",\"type\":");
    string(b, e.type());
    b.append(",\"id\":");
    string(b, e.id());
    b.append(",\"data_bytes\":").append(e.dataBytes());
    b.append(",\"data_lines\":").append(e.dataLines());
    b.append(",\"gap_ms\":");
    millis(b, e.gapSincePreviousEventNanos());
    b.append(",\"wire_gap_ms\":");
    millis(b, e.gapSincePreviousByteNanos());
    b.append(",\"write_to_wire_ms\":");
    millis(b, e.writeToWireNanos());
    spanIds(b, e.traceIdHigh(), e.traceIdLow(), e.spanId());
  }

  private static void spanIds(StringBuilder b, long high, long low, long span) {
    b.append(",\"trace_id\":");
    string(b, high == 0 && low == 0 ? null : String.format("%016x%016x", high, low));
    b.append(",\"span_id\":");
    string(b, span == 0 ? null : String.format("%016x", span));
  }

  private static void traceIds(StringBuilder b, dev.ssewatch.core.trace.TraceIds t) {
    b.append(",\"trace_id\":");
    string(b, t == null ? null : t.traceId());
    b.append(",\"span_id\":");
    string(b, t == null ? null : t.spanId());
    b.append(",\"parent_span_id\":");
    string(b, t == null ? null : t.parentSpanId());
    b.append(",\"backend_span_id\":");
    string(b, t == null ? null : t.backendSpanId());
  }

  private static void streamStart(StringBuilder b, StreamStart s) {
    b.append(",\"source\":");
    string(b, s.source() == null ? null : s.source().wireName());
    exchange(b, s.method(), s.url(), s.route(), s.status());
    b.append(",\"content_type\":");
    string(b, s.contentType());
    b.append(",\"event_stream\":").append(s.eventStream());
    b.append(",\"start_ts\":");
    timestamp(b, s.startEpochMillis());
    b.append(",\"time_to_headers_ms\":");
    millis(b, s.timeToHeadersNanos());
    b.append(",\"request_headers\":");
    headers(b, s.requestHeaders());
    b.append(",\"response_headers\":");
    headers(b, s.responseHeaders());
    traceIds(b, s.trace());
  }

  private static void streamEnd(StringBuilder b, StreamEnd s) {
    b.append(",\"source\":");
    string(b, s.source() == null ? null : s.source().wireName());
    exchange(b, s.method(), s.url(), s.route(), s.status());
    b.append(",\"event_stream\":").append(s.eventStream());
    b.append(",\"start_ts\":");
    timestamp(b, s.startEpochMillis());
    b.append(",\"duration_ms\":");
    millis(b, s.durationNanos());
    b.append(",\"ttfe_ms\":");
    millis(b, s.timeToFirstEventNanos());
    b.append(",\"events\":").append(s.events());
    b.append(",\"bytes\":").append(s.bytes());
    b.append(",\"comments\":").append(s.comments());
    b.append(",\"heartbeats\":").append(s.heartbeats());
    b.append(",\"largest_gap_ms\":");
    millis(b, s.largestGapNanos());
    b.append(",\"close_reason\":");
    string(b, s.closeReason() == null ? null : s.closeReason().wireName());
    if (s.closeDetail() != null) {
      b.append(",\"close_detail\":");
      string(b, s.closeDetail());
    }
    b.append(",\"alert_rules\":[");
    for (int i = 0; i < s.alertRules().size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      string(b, s.alertRules().get(i));
    }
    b.append(']');
    traceIds(b, s.trace());
  }

  private static void alertSummary(StringBuilder b, AlertSummary a) {
    b.append(",\"source\":");
    string(b, a.source() == null ? null : a.source().wireName());
    b.append(",\"route\":");
    string(b, a.route());
    b.append(",\"kind\":");
    string(b, a.alert().kind().wireName());
    b.append(",\"rule\":");
    string(b, a.alert().rule());
    b.append(",\"severity\":");
    string(b, a.alert().severity().wireName());
    b.append(",\"count\":").append(a.count());
    b.append(",\"first_stream_id\":");
    string(b, a.firstStreamId());
    b.append(",\"first_ts\":");
    timestamp(b, a.firstMillis());
    b.append(",\"last_stream_id\":");
    string(b, a.lastStreamId());
    b.append(",\"last_ts\":");
    timestamp(b, a.lastMillis());
    b.append(",\"window_ms\":");
    millis(b, a.windowNanos());
    b.append(",\"evidence\":");
    string(b, a.alert().evidence());
    b.append(",\"advice\":");
    string(b, a.alert().advice());
    spanIds(b, a.traceIdHigh(), a.traceIdLow(), a.spanId());
  }

  private static void progress(StringBuilder b, Progress p) {
    b.append(",\"duration_ms\":");
    millis(b, p.durationNanos());
    b.append(",\"events\":").append(p.events());
    b.append(",\"bytes\":").append(p.bytes());
    b.append(",\"comments\":").append(p.comments());
    b.append(",\"heartbeats\":").append(p.heartbeats());
    b.append(",\"current_gap_ms\":");
    millis(b, p.currentGapNanos());
    b.append(",\"largest_gap_ms\":");
    millis(b, p.largestGapNanos());
    spanIds(b, p.traceIdHigh(), p.traceIdLow(), p.spanId());
  }

  private static void alert(StringBuilder b, Alert a) {
    b.append(",\"kind\":");
    string(b, a.kind().wireName());
    b.append(",\"rule\":");
    string(b, a.rule());
    b.append(",\"severity\":");
    string(b, a.severity().wireName());
    b.append(",\"evidence\":");
    string(b, a.evidence());
    b.append(",\"advice\":");
    string(b, a.advice());
  }

  private static void exchange(StringBuilder b, String method, String url, String route, int st) {
    b.append(",\"method\":");
    string(b, method);
    b.append(",\"url\":");
    string(b, url);
    b.append(",\"route\":");
    string(b, route);
    b.append(",\"status\":").append(st);
  }

  private static void headers(StringBuilder b, List<Header> headers) {
    b.append('[');
    if (headers != null) {
      for (int i = 0, n = headers.size(); i < n; i++) {
        Header h = headers.get(i);
        if (i > 0) {
          b.append(',');
        }
        b.append('[');
        string(b, h.name());
        b.append(',');
        string(b, h.value());
        b.append(']');
      }
    }
    b.append(']');
  }

  /**
   * Nanoseconds as milliseconds with exactly three decimals, rounded half up; negative (unknown) as
   * {@code null}. Integer arithmetic, so no binary-fraction noise such as {@code 0.30000000004}.
   */
  static void millis(StringBuilder b, long nanos) {
    if (nanos < 0) {
      b.append("null");
      return;
    }
    long micros = nanos / 1000 + (nanos % 1000 >= 500 ? 1 : 0);
    long frac = micros % 1000;
    b.append(micros / 1000).append('.');
    if (frac < 100) {
      b.append('0');
    }
    if (frac < 10) {
      b.append('0');
    }
    b.append(frac);
  }

  /**
   * Epoch milliseconds as {@code 2026-01-31T23:59:59.123Z}, through {@code java.time}: the
   * production encoder computes the civil date with integer arithmetic, so the reference must not
   * share that algorithm or it could not catch its mistakes. Years beyond four digits take ISO
   * 8601's expanded form ({@code +10000}, {@code -0001}), as {@code uuuu} prints them.
   */
  static void timestamp(StringBuilder b, long epochMillis) {
    b.append('"')
        .append(TIMESTAMP.format(Instant.ofEpochMilli(epochMillis).atOffset(ZoneOffset.UTC)))
        .append('"');
  }

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT);

  /**
   * A JSON string, or {@code null}. Escapes quote, backslash and every control character, and also
   * U+2028/U+2029 (line terminators in JavaScript) and DEL. A lone surrogate cannot be encoded in
   * UTF-8, so it becomes U+FFFD rather than an invalid line.
   */
  static void string(StringBuilder b, String s) {
    if (s == null) {
      b.append("null");
      return;
    }
    b.append('"');
    int n = s.length();
    int clean = 0; // start of the run of characters that need no escaping
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      String escape;
      if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
        continue;
      } else if (c == '"') {
        escape = "\\\"";
      } else if (c == '\\') {
        escape = "\\\\";
      } else if (c == '\n') {
        escape = "\\n";
      } else if (c == '\r') {
        escape = "\\r";
      } else if (c == '\t') {
        escape = "\\t";
      } else if (c == '\b') {
        escape = "\\b";
      } else if (c == '\f') {
        escape = "\\f";
      } else if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
        escape = null;
      } else if (Character.isHighSurrogate(c)) {
        if (i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
          continue;
        }
        escape = "\\ufffd";
      } else if (Character.isLowSurrogate(c)) {
        escape = "\\ufffd";
      } else {
        continue;
      }
      b.append(s, clean, i);
      if (escape != null) {
        b.append(escape);
      } else {
        b.append("\\u")
            .append(HEX[c >> 12 & 0xf])
            .append(HEX[c >> 8 & 0xf])
            .append(HEX[c >> 4 & 0xf])
            .append(HEX[c & 0xf]);
      }
      clean = i + 1;
    }
    b.append(s, clean, n).append('"');
  }
}
