package dev.ssewatch.core.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.core.risk.Alert;
import dev.ssewatch.core.risk.AlertKind;
import dev.ssewatch.core.risk.Severity;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonLinesTest {

  static final List<String> COMMON = List.of("record", "schema", "ts", "stream_id");

  static final Map<String, List<String>> FIELDS =
      Map.of(
          "stream_start",
          List.of(
              "source",
              "method",
              "url",
              "route",
              "status",
              "content_type",
              "event_stream",
              "start_ts",
              "time_to_headers_ms",
              "request_headers",
              "response_headers",
              "trace_id",
              "span_id",
              "parent_span_id",
              "backend_span_id"),
          "event",
          List.of(
              "seq",
              "type",
              "id",
              "data_bytes",
              "data_lines",
              "gap_ms",
              "wire_gap_ms",
              "write_to_wire_ms",
              "trace_id",
              "span_id"),
          "progress",
          List.of(
              "duration_ms",
              "events",
              "bytes",
              "comments",
              "heartbeats",
              "current_gap_ms",
              "largest_gap_ms",
              "trace_id",
              "span_id"),
          "stream_end",
          List.of(
              "source",
              "method",
              "url",
              "route",
              "status",
              "event_stream",
              "start_ts",
              "duration_ms",
              "ttfe_ms",
              "events",
              "bytes",
              "comments",
              "heartbeats",
              "largest_gap_ms",
              "close_reason",
              "alert_rules",
              "trace_id",
              "span_id",
              "parent_span_id",
              "backend_span_id"),
          "alert",
          List.of(
              "kind",
              "rule",
              "severity",
              "evidence",
              "advice",
              "source",
              "route",
              "trace_id",
              "span_id"),
          "alert_summary",
          List.of(
              "source",
              "route",
              "kind",
              "rule",
              "severity",
              "count",
              "first_stream_id",
              "first_ts",
              "last_stream_id",
              "last_ts",
              "window_ms",
              "evidence",
              "advice",
              "trace_id",
              "span_id"),
          "telemetry_dropped",
          List.of("dropped", "dropped_total"),
          "exporter_health",
          List.of("exporter", "state", "cause", "sent", "failed", "dropped"));

  /** The documented field names of a record type, in output order. */
  static List<String> documentedFields(String recordType) {
    List<String> all = new java.util.ArrayList<>(COMMON);
    all.addAll(FIELDS.get(recordType));
    return all;
  }

  @Test
  void everyRecordTypeHasExactlyItsDocumentedFieldsInOrder() {
    for (TelemetryRecord r : SampleRecords.oneOfEach()) {
      Map<String, Object> json = StrictJson.object(JsonLines.toJson(r));

      assertThat(json.keySet())
          .as(r.recordType())
          .containsExactlyElementsOf(documentedFields(r.recordType()));
      assertThat(json.get("record")).isEqualTo(r.recordType());
      assertThat(json.get("schema")).isEqualTo(BigDecimal.valueOf(JsonLines.SCHEMA_VERSION));
      assertThat(json.get("ts")).isEqualTo("2026-11-18T11:06:40.123Z");
    }
    assertThat(FIELDS.keySet())
        .as("every record type is covered")
        .containsExactlyInAnyOrderElementsOf(
            SampleRecords.oneOfEach().stream().map(TelemetryRecord::recordType).toList());
  }

  @Test
  void eventRecordCarriesMetadataOnly() {
    Map<String, Object> json = StrictJson.object(JsonLines.toJson(SampleRecords.event()));

    assertThat(json)
        .containsExactly(
            Map.entry("record", "event"),
            Map.entry("schema", BigDecimal.valueOf(JsonLines.SCHEMA_VERSION)),
            Map.entry("ts", "2026-11-18T11:06:40.123Z"),
            Map.entry("stream_id", "s-1"),
            Map.entry("seq", new BigDecimal("3")),
            Map.entry("type", "token"),
            Map.entry("id", "73475cb40a568e8d"),
            Map.entry("data_bytes", new BigDecimal("42")),
            Map.entry("data_lines", new BigDecimal("1")),
            Map.entry("gap_ms", new BigDecimal("1.500")),
            Map.entry("wire_gap_ms", new BigDecimal("1.200")),
            Map.entry("write_to_wire_ms", new BigDecimal("0.250")),
            Map.entry("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736"),
            Map.entry("span_id", "53995c3f42cd8ad8"));
  }

  @Test
  void unknownDurationsAndAbsentIdAreNull() {
    Map<String, Object> json = StrictJson.object(JsonLines.toJson(SampleRecords.firstEvent()));

    assertThat(json).containsEntry("gap_ms", null).containsEntry("write_to_wire_ms", null);
    assertThat(json).containsEntry("id", null);
    assertThat(json.get("wire_gap_ms")).isEqualTo(new BigDecimal("40.000"));
  }

  @Test
  void streamStartKeepsRepeatedHeadersAsOrderedPairs() {
    Map<String, Object> json = StrictJson.object(JsonLines.toJson(SampleRecords.streamStart()));

    assertThat(json.get("response_headers"))
        .isEqualTo(
            List.of(
                List.of("Content-Type", "text/event-stream; charset=utf-8"),
                List.of("Set-Cookie", "[REDACTED]"),
                List.of("Set-Cookie", "[REDACTED]")));
    assertThat(json.get("request_headers"))
        .isEqualTo(
            List.of(
                List.of("Accept", "text/event-stream"), List.of("Authorization", "[REDACTED]")));
    assertThat(json)
        .containsEntry("source", "proxy")
        .containsEntry("status", new BigDecimal("200"))
        .containsEntry("event_stream", true)
        .containsEntry("time_to_headers_ms", new BigDecimal("12.346"))
        .containsEntry("start_ts", "2026-11-18T11:06:40.110Z");
  }

  @Test
  void streamEndCarriesTheWholeExchange() {
    Map<String, Object> json = StrictJson.object(JsonLines.toJson(SampleRecords.streamEnd()));

    assertThat(json)
        .containsEntry("source", "agent")
        .containsEntry("method", "POST")
        .containsEntry("close_reason", "client_abort")
        .containsEntry("duration_ms", new BigDecimal("61000.000"))
        .containsEntry("ttfe_ms", new BigDecimal("350.000"))
        .containsEntry("largest_gap_ms", new BigDecimal("15000.000"))
        .containsEntry("events", new BigDecimal("120"));
  }

  @Test
  void closeDetailAppearsOnlyWhenThereIsOne() {
    StreamEnd plain = SampleRecords.streamEnd();
    assertThat(StrictJson.object(JsonLines.toJson(plain))).doesNotContainKey("close_detail");
    StreamEnd detailed =
        new StreamEnd(
            plain.streamId(),
            plain.timestampMillis(),
            plain.source(),
            plain.method(),
            plain.url(),
            plain.route(),
            502,
            false,
            plain.startEpochMillis(),
            plain.durationNanos(),
            -1,
            0,
            0,
            0,
            0,
            0,
            CloseReason.ERROR,
            "backend TLS: certificate expired",
            List.of(),
            null,
            null);
    String line = JsonLines.toJson(detailed);
    assertThat(StrictJson.object(line))
        .containsEntry("close_reason", "error")
        .containsEntry("close_detail", "backend TLS: certificate expired");
    assertThat(line)
        .endsWith(
            "\"close_reason\":\"error\",\"close_detail\":\"backend TLS: certificate expired\","
                + "\"alert_rules\":[],\"trace_id\":null,\"span_id\":null,\"parent_span_id\":null,"
                + "\"backend_span_id\":null}");
  }

  @Test
  void alertAndDroppedUseWireNames() {
    Map<String, Object> alert = StrictJson.object(JsonLines.toJson(SampleRecords.alert()));
    Map<String, Object> dropped = StrictJson.object(JsonLines.toJson(SampleRecords.dropped()));

    assertThat(alert)
        .containsEntry("kind", "idle_timeout_risk")
        .containsEntry("rule", "gap_warning")
        .containsEntry("severity", "warning");
    assertThat(dropped)
        .containsEntry("stream_id", null)
        .containsEntry("dropped", new BigDecimal("17"))
        .containsEntry("dropped_total", new BigDecimal("1017"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {
        "plain",
        "quote \" and backslash \\ and slash /",
        "line\nfeed, return\r, tab\t, backspace\b, form feed\f",
        "nul \u0000 unit separator \u001f escape \u001b del \u007f",
        "js line terminators \u2028 and \u2029",
        "non-ASCII é ü 中文 and a pair \uD83D\uDE00",
        "",
      })
  void stringsRoundTripThroughAStrictParser(String s) {
    String json = JsonLines.toJson(evidence(s));

    assertThat(StrictJson.object(json).get("evidence")).isEqualTo(s);
    assertSingleSafeLine(json);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "'a\uD800b', 'a\uFFFDb'",
    "'a\uDC00b', 'a\uFFFDb'",
    "'end\uD83D', 'end\uFFFD'",
    "'\uDE00\uD83D', '\uFFFD\uFFFD'",
  })
  void loneSurrogatesBecomeReplacementCharacters(String in, String expected) {
    String json = JsonLines.toJson(evidence(in));

    assertThat(StrictJson.object(json).get("evidence")).isEqualTo(expected);
    assertSingleSafeLine(json);
  }

  @Test
  void escapesUseTheShortFormsWhereJsonHasThem() {
    StringBuilder b = new StringBuilder();
    JsonLines.string(b, "\"\\\n\r\t\b\f\u0001\u2028");

    assertThat(b).hasToString("\"\\\"\\\\\\n\\r\\t\\b\\f\\u0001\\u2028\"");
  }

  @ParameterizedTest(name = "{0} ns -> {1}")
  @CsvSource({
    "-1, null",
    "-5, null",
    "0, 0.000",
    "499, 0.000",
    "500, 0.001",
    "1000, 0.001",
    "1234567, 1.235",
    "999999500, 1000.000",
    "240000000000, 240000.000",
  })
  void durationsAreMillisecondsWithThreeDecimals(long nanos, String expected) {
    StringBuilder b = new StringBuilder();
    JsonLines.millis(b, nanos);

    assertThat(b).hasToString(expected);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(longs = {1L, 999L, 1_795_000_000_123L, 951_782_400_007L, 253_402_300_799_999L})
  void timestampsAreIsoUtcWithMillis(long epochMillis) {
    StringBuilder b = new StringBuilder();
    JsonLines.timestamp(b, epochMillis);

    // Instant prints exactly three fraction digits when the millis are not zero.
    assertThat(b).hasToString("\"" + Instant.ofEpochMilli(epochMillis) + "\"");
  }

  @Test
  void timestampsAgreeWithJavaTimeAcrossLeapDaysCenturiesAndEras() {
    List<Long> samples = new java.util.ArrayList<>();
    // Every day boundary (and the millisecond before it) from 1897 to 2105: leap days, the
    // non-leap 1900 and 2100, the leap 2000.
    for (long day = -26_663; day <= 49_674; day++) {
      samples.add(day * 86_400_000L);
      samples.add(day * 86_400_000L - 1);
    }
    java.util.Random random = new java.util.Random(42);
    for (int i = 0; i < 20_000; i++) {
      // Within about 95,000 years of 1970: negative and expanded year forms included.
      samples.add(random.nextLong() % 3_000_000_000_000_000L);
    }
    for (long millis : samples) {
      StringBuilder b = new StringBuilder();
      JsonLines.timestamp(b, millis);

      assertThat(b).as("epoch millis %d", millis).hasToString(viaJavaTime(millis));
    }
  }

  /** The reference: the same layout built from java.time's calendar. */
  private static String viaJavaTime(long epochMillis) {
    java.time.LocalDateTime t =
        java.time.LocalDateTime.ofEpochSecond(
            Math.floorDiv(epochMillis, 1000L),
            (int) Math.floorMod(epochMillis, 1000L) * 1_000_000,
            java.time.ZoneOffset.UTC);
    int year = t.getYear();
    String y =
        year < 0 || year > 9999
            ? (year > 9999 ? "+" : "-") + String.format("%04d", Math.abs(year))
            : String.format("%04d", year);
    return String.format(
        "\"%s-%02d-%02dT%02d:%02d:%02d.%03dZ\"",
        y,
        t.getMonthValue(),
        t.getDayOfMonth(),
        t.getHour(),
        t.getMinute(),
        t.getSecond(),
        t.getNano() / 1_000_000);
  }

  @Test
  void wholeSecondsStillHaveThreeFractionDigits() {
    StringBuilder b = new StringBuilder();
    JsonLines.timestamp(b, 0);
    JsonLines.timestamp(b, -1);

    assertThat(b).hasToString("\"1970-01-01T00:00:00.000Z\"\"1969-12-31T23:59:59.999Z\"");
  }

  @Test
  void appendJsonAppendsToWhatIsThere() {
    StringBuilder b = new StringBuilder("prefix ");
    JsonLines.appendJson(SampleRecords.dropped(), b);

    assertThat(b.toString()).startsWith("prefix {\"record\":\"telemetry_dropped\"").endsWith("}");
  }

  private static AlertRecord evidence(String s) {
    return new AlertRecord(
        "s",
        0,
        new Alert(AlertKind.BUFFERING, "burst", Severity.CRITICAL, s, "none"),
        null,
        null,
        0,
        0,
        0);
  }

  private static void assertSingleSafeLine(String json) {
    assertThat(json.chars()).noneMatch(c -> c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029);
    // A lone surrogate would not survive encoding to UTF-8.
    assertThat(new String(json.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
        .isEqualTo(json);
  }
}
