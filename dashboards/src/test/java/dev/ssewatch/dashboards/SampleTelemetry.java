package dev.ssewatch.dashboards;

import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.risk.Alert;
import dev.ssewatch.core.risk.AlertKind;
import dev.ssewatch.core.risk.Severity;
import dev.ssewatch.core.telemetry.AlertRecord;
import dev.ssewatch.core.telemetry.AlertSummary;
import dev.ssewatch.core.telemetry.CloseReason;
import dev.ssewatch.core.telemetry.GenAi;
import dev.ssewatch.core.telemetry.StreamEnd;
import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.telemetry.StreamStart;
import dev.ssewatch.core.telemetry.TelemetryDropped;
import dev.ssewatch.core.telemetry.TelemetryRecord;
import dev.ssewatch.exporters.otel.receiver.SampleStreams;
import java.util.ArrayList;
import java.util.List;

/**
 * Records that exercise every signal the dashboards query: an agent stream and a proxied stream
 * (requests and a dependency), events, progress with heartbeats, one alert of every kind and
 * severity raised while its stream is open, a proxied stream with every exported response header,
 * an LLM token stream and an MCP call, and a drop report.
 */
final class SampleTelemetry {

  private SampleTelemetry() {}

  /** Streams in {@link #records()}, how many were proxied, their events and alerts. */
  static final int STREAMS = 3;

  static final int PROXIED_STREAMS = 2;
  static final int EVENTS = 2 * 3;
  static final int ALERTS =
      2 * AlertKind.values().length * Severity.values().length + AlertKind.values().length;

  static List<TelemetryRecord> records() {
    List<TelemetryRecord> out = new ArrayList<>();
    out.addAll(withEveryAlert("agent-1", StreamSource.AGENT));
    out.addAll(withEveryAlert("proxy-1", StreamSource.PROXY));
    out.addAll(behindAnIntermediary("proxy-2"));
    out.addAll(genAi("llm-1", "/v1/chat/completions", chat()));
    out.addAll(genAi("mcp-1", "/mcp", mcp("tools/call", "search_docs")));
    out.addAll(genAi("mcp-2", "/mcp", mcp("prompts/get", "summarise")));
    out.add(new TelemetryDropped(SampleStreams.START_MILLIS + 3000, 2, 2));
    // The repeats of a cause, counted: one summary of every kind.
    long at = SampleStreams.START_MILLIS + 3100;
    for (AlertKind kind : AlertKind.values()) {
      out.add(
          new AlertSummary(
              at++,
              StreamSource.PROXY,
              "/events",
              new Alert(kind, "sample_rule", Severity.WARNING, "sample evidence", "sample advice"),
              7,
              "proxy-1",
              SampleStreams.START_MILLIS + 1600,
              "proxy-2",
              SampleStreams.START_MILLIS + 2900,
              300_000_000_000L));
    }
    return out;
  }

  /**
   * A proxied stream whose response carries every header the exporters let through, as a buffering
   * intermediary (compression, {@code X-Accel-Buffering}, {@code Via}) would leave them.
   */
  private static List<TelemetryRecord> behindAnIntermediary(String id) {
    StreamStart start =
        new StreamStart(
            id,
            SampleStreams.START_MILLIS + 40,
            StreamSource.PROXY,
            "GET",
            "/events",
            "/events",
            200,
            "text/event-stream",
            true,
            List.of(new Header("Accept", "text/event-stream")),
            List.of(
                new Header("Content-Type", "text/event-stream"),
                new Header("Cache-Control", "no-cache"),
                new Header("Content-Encoding", "gzip"),
                new Header("Transfer-Encoding", "chunked"),
                new Header("Connection", "keep-alive"),
                new Header("X-Accel-Buffering", "yes"),
                new Header("Via", "1.1 gateway")),
            40_000_000L,
            SampleStreams.START_MILLIS,
            null,
            null);
    return List.of(start, SampleStreams.end(id, StreamSource.PROXY, "/events", 0));
  }

  /** A proxied stream recognised as an LLM token stream or MCP call, with its genai facts. */
  private static List<TelemetryRecord> genAi(String id, String route, GenAi g) {
    StreamStart start =
        new StreamStart(
            id,
            SampleStreams.START_MILLIS + 50,
            StreamSource.PROXY,
            "POST",
            route,
            route,
            200,
            "text/event-stream",
            true,
            List.of(new Header("Accept", "text/event-stream")),
            List.of(new Header("Content-Type", "text/event-stream")),
            40_000_000L,
            SampleStreams.START_MILLIS,
            g,
            null);
    StreamEnd end =
        new StreamEnd(
            id,
            SampleStreams.START_MILLIS + 2100,
            StreamSource.PROXY,
            "POST",
            route,
            route,
            200,
            true,
            SampleStreams.START_MILLIS,
            2_100_000_000L,
            180_000_000L,
            42,
            9100,
            0,
            0,
            610_000_000L,
            CloseReason.COMPLETED,
            null,
            java.util.List.of(),
            g,
            null);
    return List.of(start, end);
  }

  private static GenAi chat() {
    return new GenAi(
        "openai.chat_completions",
        "openai",
        "chat",
        "gpt-4o-mini",
        "5b1f0c2a9e7d4f31",
        790_000_000L,
        39,
        34_500_000L,
        null,
        List.of("stop"),
        true,
        GenAi.USAGE_EXACT,
        19,
        39,
        58,
        0,
        0,
        false,
        0,
        null,
        null,
        null,
        false,
        null,
        null,
        0,
        0);
  }

  private static GenAi mcp(String method, String name) {
    return new GenAi(
        "mcp",
        null,
        null,
        null,
        null,
        -1,
        0,
        -1,
        null,
        List.of(),
        true,
        null,
        -1,
        -1,
        -1,
        -1,
        -1,
        false,
        0,
        method,
        name,
        "2026-07-28",
        true,
        "9e2d7c41a0b3f655",
        "result",
        2,
        2);
  }

  private static List<TelemetryRecord> withEveryAlert(String id, StreamSource source) {
    List<TelemetryRecord> stream = new ArrayList<>(SampleStreams.stream(id, source, 3));
    TelemetryRecord end = stream.remove(stream.size() - 1);
    long at = SampleStreams.START_MILLIS + 1500;
    for (AlertKind kind : AlertKind.values()) {
      for (Severity severity : Severity.values()) {
        stream.add(
            new AlertRecord(
                id,
                at++,
                new Alert(
                    kind, "sample_rule", severity, "sample evidence with figures", "sample advice"),
                null,
                null,
                0,
                0,
                0));
      }
    }
    stream.add(end);
    return stream;
  }
}
