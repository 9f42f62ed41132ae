package dev.ssewatch.core.telemetry;

/**
 * The one JSON encoding of telemetry records, shared by every exporter that writes JSON: one object
 * per record, no line breaks inside, fields in a fixed order. The schema is documented in
 * docs/telemetry-schema.md; it has no field for event data, because the records have none.
 *
 * <p>Conventions: timestamps are ISO-8601 UTC with milliseconds; durations are milliseconds with
 * three decimals ({@code *_ms}); a duration the record marks unknown (negative, normally -1) is
 * {@code null}, as is an absent string; every documented field is always present. Headers are
 * arrays of {@code [name, value]} pairs in wire order, so repeated headers survive.
 *
 * <p>The fields are laid out in one place, the byte encoder the JSON-lines sink writes with; the
 * Strings here are decoded from its UTF-8, so every exporter sees the same text.
 */
public final class JsonLines {

  /**
   * The {@code schema} field: bumped when a field changes meaning, disappears or is added. 2 added
   * the {@code genai} object of LLM and MCP exchanges; 3 the W3C trace context ({@code trace_id},
   * {@code span_id}, and on stream starts and ends {@code parent_span_id} and {@code
   * backend_span_id}).
   */
  public static final int SCHEMA_VERSION = 3;

  private JsonLines() {}

  /** The record as one JSON object, without a line terminator. */
  public static String toJson(TelemetryRecord record) {
    JsonLineEncoder e = new JsonLineEncoder(256);
    e.record(record);
    return e.toString();
  }

  /** Appends the record as one JSON object, without a line terminator. */
  public static void appendJson(TelemetryRecord record, StringBuilder b) {
    b.append(toJson(record));
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

  /**
   * Nanoseconds as milliseconds with exactly three decimals, rounded half up; negative (unknown) as
   * {@code null}.
   */
  static void millis(StringBuilder b, long nanos) {
    JsonLineEncoder e = new JsonLineEncoder(32);
    e.millis(nanos);
    b.append(e);
  }

  /** Epoch milliseconds as {@code "2026-01-31T23:59:59.123Z"}, quotes included. */
  static void timestamp(StringBuilder b, long epochMillis) {
    JsonLineEncoder e = new JsonLineEncoder(32);
    e.timestamp(epochMillis);
    b.append(e);
  }

  /**
   * A JSON string, or {@code null}. Escapes quote, backslash and every control character, and also
   * U+2028/U+2029 (line terminators in JavaScript) and DEL. A lone surrogate cannot be encoded in
   * UTF-8, so it becomes U+FFFD rather than an invalid line.
   */
  static void string(StringBuilder b, String s) {
    JsonLineEncoder e = new JsonLineEncoder(s == null ? 8 : s.length() + 16);
    e.string(s);
    b.append(e);
  }
}
