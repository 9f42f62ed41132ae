package dev.ssewatch.core.telemetry;

import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.risk.Alert;
import dev.ssewatch.core.risk.AlertKind;
import dev.ssewatch.core.risk.Severity;
import java.util.List;

/** One realistic record of each type, for schema and sink tests. */
final class SampleRecords {

  static final long TS = 1_795_000_000_123L;

  // The W3C Trace Context recommendation's own example trace, and a span of this exchange.
  static final long TRACE_HIGH = 0x4bf92f3577b34da6L;
  static final long TRACE_LOW = 0xa3ce929d0e0e4736L;
  static final long SPAN = 0x53995c3f42cd8ad8L;
  static final dev.ssewatch.core.trace.TraceIds TRACE =
      new dev.ssewatch.core.trace.TraceIds(
          "4bf92f3577b34da6a3ce929d0e0e4736", "53995c3f42cd8ad8", "00f067aa0ba902b7", null);

  private SampleRecords() {}

  static StreamStart streamStart() {
    return new StreamStart(
        "s-1",
        TS,
        StreamSource.PROXY,
        "GET",
        "/chat/stream?topic=a&sig=[REDACTED]",
        "/chat/stream",
        200,
        "text/event-stream; charset=utf-8",
        true,
        List.of(
            new Header("Accept", "text/event-stream"), new Header("Authorization", "[REDACTED]")),
        List.of(
            new Header("Content-Type", "text/event-stream; charset=utf-8"),
            new Header("Set-Cookie", "[REDACTED]"),
            new Header("Set-Cookie", "[REDACTED]")),
        12_345_678L,
        TS - 13,
        null,
        TRACE);
  }

  static EventRecord event() {
    return new EventRecord(
        "s-1",
        TS,
        3,
        "token",
        "73475cb40a568e8d",
        42,
        1,
        1_500_000L,
        1_200_000L,
        250_000L,
        TRACE_HIGH,
        TRACE_LOW,
        SPAN);
  }

  static EventRecord firstEvent() {
    return new EventRecord("s-1", TS, 1, "message", null, 0, 1, -1, 40_000_000L, -1);
  }

  static Progress progress() {
    return new Progress(
        "s-1", TS, 60_000_000_000L, 120, 8_192, 4, 0, 2_000_000L, 15_000_000_000L, null, 0, 0, 0);
  }

  static StreamEnd streamEnd() {
    return new StreamEnd(
        "s-1",
        TS,
        StreamSource.AGENT,
        "POST",
        "/v1/completions",
        "/v1/completions",
        200,
        true,
        TS - 61_000,
        61_000_000_000L,
        350_000_000L,
        120,
        8_192,
        4,
        0,
        15_000_000_000L,
        CloseReason.CLIENT_ABORT,
        null,
        List.of("gap_warning"),
        null,
        TRACE);
  }

  static AlertRecord alert() {
    return new AlertRecord(
        "s-1",
        TS,
        new Alert(
            AlertKind.IDLE_TIMEOUT_RISK,
            "gap_warning",
            Severity.WARNING,
            "silent for 130.0 s; idle budget 240 s",
            "send a comment line every 30 s"),
        StreamSource.AGENT,
        "/v1/completions",
        TRACE_HIGH,
        TRACE_LOW,
        SPAN);
  }

  static AlertSummary alertSummary() {
    return new AlertSummary(
        TS,
        StreamSource.PROXY,
        "/chat/stream",
        new Alert(
            AlertKind.BUFFERING,
            "cache_control",
            Severity.INFO,
            "no Cache-Control header",
            "Send Cache-Control: no-cache on event streams."),
        998,
        "s-2",
        TS - 299_000,
        "s-999",
        TS - 1_000,
        300_000_000_000L);
  }

  static ExporterHealthRecord exporterHealth() {
    return new ExporterHealthRecord(
        TS,
        "event-hubs",
        "refused",
        "Event Hubs refused the token for hub `telemetry` (401 Unauthorized): check the"
            + " connection string's key",
        1_200,
        35,
        0);
  }

  static TelemetryDropped dropped() {
    return new TelemetryDropped(TS, 17, 1_017);
  }

  static List<TelemetryRecord> oneOfEach() {
    return List.of(
        streamStart(),
        event(),
        progress(),
        alert(),
        alertSummary(),
        streamEnd(),
        dropped(),
        exporterHealth());
  }
}
