package dev.ssewatch.exporters.otel.receiver;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.genai.GenAiStreams;
import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.redact.Redactor;
import dev.ssewatch.core.stream.StreamRecorder;
import dev.ssewatch.core.stream.StreamRecorders;
import dev.ssewatch.core.telemetry.CloseReason;
import dev.ssewatch.core.telemetry.EventRecord;
import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.telemetry.StreamStart;
import dev.ssewatch.core.telemetry.TelemetryRecord;
import dev.ssewatch.core.testing.ManualTimeSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Records of a stream whose data lines would carry {@link #DATA_CANARY} and whose request carried
 * secrets in {@code Authorization} and {@code ?sig=}, redacted by core's real {@link Redactor} as
 * the agent and the proxy do. Exports of these records must contain none of {@link #forbidden()}.
 */
public final class CanaryRecords {

  private CanaryRecords() {}

  /** What the stream's data lines would say: records have no field for it by construction. */
  public static final String DATA_CANARY = "canary-data-7f3a9c1e";

  public static final String BEARER_SECRET = "canary-bearer-2b8d4f60";
  public static final String SIG_SECRET = "canary-sig-9e1c7a35";
  public static final String COOKIE_SECRET = "canary-cookie-5d2e8b14";

  /** Everything that must never appear in any exported payload. */
  public static List<String> forbidden() {
    List<String> all =
        new ArrayList<>(List.of(DATA_CANARY, BEARER_SECRET, SIG_SECRET, COOKIE_SECRET));
    all.addAll(Arrays.asList(GenAiStreams.CANARIES));
    return all;
  }

  /**
   * The model the LLM streams of {@link #llmAndMcpStreams} name: proof that their records were
   * exported.
   */
  public static final String LLM_MODEL = "gpt-4o-mini-2024-07-18";

  /** A whole stream, start to end, as the recorder would emit it after redaction. */
  public static List<TelemetryRecord> stream(String id, StreamSource source) {
    Redactor redactor = Redactor.defaults();
    String url = redactor.url("/events?topic=a&sig=" + SIG_SECRET);
    List<Header> request =
        redactor.headers(
            List.of(
                new Header("Authorization", "Bearer " + BEARER_SECRET),
                new Header("Cookie", "session=" + COOKIE_SECRET),
                new Header("Accept", "text/event-stream")));
    List<TelemetryRecord> out = new ArrayList<>();
    StreamStart start = SampleStreams.start(id, source, url, request);
    out.add(start);
    // The data line would be "data: {\"text\":\"" + DATA_CANARY + "\"}": only its size is recorded.
    int dataBytes = ("{\"text\":\"" + DATA_CANARY + "\"}").length();
    out.add(
        new EventRecord(
            id,
            SampleStreams.START_MILLIS + 300,
            1,
            "message",
            redactor.eventId("1"),
            dataBytes,
            1,
            -1,
            1_000_000L,
            -1));
    out.add(SampleStreams.end(id, source, url, 1));
    return out;
  }

  /**
   * LLM token streams and MCP calls whose content is canaries, recorded by core's real recorder:
   * one complete chat completion, one cut before its end, one MCP call cut before its result.
   */
  public static List<TelemetryRecord> llmAndMcpStreams(StreamSource source) {
    List<TelemetryRecord> out = new ArrayList<>();
    ManualTimeSource time = new ManualTimeSource();
    try (StreamRecorders recorders =
        StreamRecorders.createWithoutTicker(Settings.of(Map.of()), source, out::add, time)) {
      List<Header> accept = List.of(new Header("Accept", "text/event-stream"));
      replay(recorders, time, "/v1/chat/completions", accept, GenAiStreams.chatWithUsage(), true);
      replay(recorders, time, "/v1/chat/completions", accept, GenAiStreams.chatCut(), false);
      List<Header> mcp =
          List.of(new Header("Mcp-Method", "tools/call"), new Header("Mcp-Name", "search_docs"));
      replay(recorders, time, "/mcp", mcp, GenAiStreams.mcpProgressOnly(), false);
    }
    return out;
  }

  private static void replay(
      StreamRecorders recorders,
      ManualTimeSource time,
      String path,
      List<Header> request,
      String body,
      boolean completes) {
    StreamRecorder r = recorders.begin("POST", path, null, request, time.nanoTime());
    time.advance(Duration.ofMillis(50));
    r.onResponseHeaders(
        200, List.of(new Header("Content-Type", "text/event-stream")), time.nanoTime());
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < b.length; i += 97) {
      time.advance(Duration.ofMillis(10));
      r.onBytes(b, i, Math.min(97, b.length - i), time.nanoTime());
    }
    r.onEnd(completes ? CloseReason.COMPLETED : CloseReason.UPSTREAM_ABORT, time.nanoTime());
  }
}
