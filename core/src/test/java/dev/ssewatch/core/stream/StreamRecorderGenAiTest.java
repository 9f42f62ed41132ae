package dev.ssewatch.core.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.core.genai.GenAiStreams;
import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.risk.Alert;
import dev.ssewatch.core.risk.AlertKind;
import dev.ssewatch.core.risk.Severity;
import dev.ssewatch.core.telemetry.CloseReason;
import dev.ssewatch.core.telemetry.GenAi;
import dev.ssewatch.core.telemetry.JsonLines;
import dev.ssewatch.core.telemetry.StreamEnd;
import dev.ssewatch.core.telemetry.StreamStart;
import dev.ssewatch.core.telemetry.TelemetryRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** LLM token streams and MCP calls through the recorder: facts, times, alerts, no content. */
class StreamRecorderGenAiTest {

  private static final List<Header> CHAT_REQUEST =
      List.of(
          new Header("Accept", "text/event-stream"),
          new Header("Content-Type", "application/json"));

  private final Fixture f = new Fixture();

  @AfterEach
  void noCanaryInAnyRecord() {
    for (TelemetryRecord r : f.sink.all()) {
      String json = JsonLines.toJson(r);
      for (String canary : GenAiStreams.CANARIES) {
        assertThat(json).doesNotContain(canary);
      }
    }
  }

  @Test
  void aReasoningModelsSilenceBeforeTheFirstTokenIsTimeToFirstTokenAndAnIdleRisk() {
    StreamRecorder r = begin("/v1/chat/completions");
    f.advance(Duration.ofMillis(5));
    r.onResponseHeaders(200, Fixture.SSE_RESPONSE, f.now());
    f.advance(Duration.ofMillis(5));
    f.bytes(r, GenAiStreams.CHAT_ROLE.replace("%USAGE_NULL%", ",\"usage\":null"));
    f.advance(Duration.ofSeconds(130)); // thinking: nothing on the wire
    f.bytes(r, GenAiStreams.chatChunk("CANARY-chat-1", ",\"usage\":null"));
    f.advance(Duration.ofMillis(20));
    f.bytes(r, GenAiStreams.chatChunk("CANARY-chat-2", ",\"usage\":null"));
    f.advance(Duration.ofMillis(20));
    f.bytes(
        r,
        GenAiStreams.CHAT_FINISH.replace("%USAGE_NULL%", ",\"usage\":null")
            + GenAiStreams.CHAT_USAGE
            + GenAiStreams.DONE);
    r.onEnd(CloseReason.COMPLETED, f.now());

    StreamEnd end = f.sink.single(StreamEnd.class);
    GenAi g = end.genAi();
    assertThat(g.api()).isEqualTo("openai.chat_completions");
    assertThat(g.provider()).isEqualTo("openai");
    assertThat(end.timeToFirstEventNanos()).isEqualTo(Duration.ofMillis(10).toNanos());
    assertThat(g.timeToFirstTokenNanos()).isEqualTo(Duration.ofMillis(130_010).toNanos());
    assertThat(g.outputChunks()).isEqualTo(2);
    assertThat(g.timePerOutputChunkNanos()).isEqualTo(Duration.ofMillis(20).toNanos());
    assertThat(g.usageStatus()).isEqualTo(GenAi.USAGE_EXACT);
    assertThat(g.inputTokens()).isEqualTo(19);
    assertThat(g.outputTokens()).isEqualTo(10);
    assertThat(g.reasoningTokens()).isEqualTo(4);
    assertThat(g.finishReasons()).containsExactly("stop");
    assertThat(g.model()).isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(f.sink.alertRules()).contains("gap_warning");
    assertThat(f.sink.alerts())
        .noneMatch(a -> a.kind() == AlertKind.TRUNCATED_COMPLETION)
        .noneMatch(a -> a.kind() == AlertKind.USAGE_MISSING);
  }

  @Test
  void aSilenceBeforeTheHeadersCountsOnAnLlmRoute() {
    StreamRecorder r = begin("/v1/responses");
    f.advance(Duration.ofSeconds(130));
    r.onResponseHeaders(200, Fixture.SSE_RESPONSE, f.now());
    f.bytes(r, GenAiStreams.responses());
    r.onEnd(CloseReason.COMPLETED, f.now());

    assertThat(f.sink.alertRules()).contains("gap_warning");
    StreamEnd end = f.sink.single(StreamEnd.class);
    assertThat(end.largestGapNanos()).isEqualTo(Duration.ofSeconds(130).toNanos());
    assertThat(end.genAi().usageStatus()).isEqualTo(GenAi.USAGE_EXACT);
    assertThat(end.genAi().outputTokens()).isEqualTo(87);
  }

  @Test
  void aStreamCutBeforeItsEndIsATruncatedCompletion() {
    StreamRecorder r = begin("/openai/deployments/gpt4o/chat/completions");
    f.advance(Duration.ofMillis(5));
    r.onResponseHeaders(200, Fixture.SSE_RESPONSE, f.now());
    f.bytes(r, GenAiStreams.chatCut());
    r.onEnd(CloseReason.UPSTREAM_ABORT, f.now());

    GenAi g = f.sink.single(StreamEnd.class).genAi();
    assertThat(g.api()).isEqualTo("azure_openai.chat_completions");
    assertThat(g.usageStatus()).isEqualTo(GenAi.USAGE_TRUNCATED);
    assertThat(g.completed()).isFalse();
    Alert a = only(AlertKind.TRUNCATED_COMPLETION);
    assertThat(a.severity()).isEqualTo(Severity.WARNING);
    assertThat(a.evidence()).contains("upstream_abort").contains("2 output chunks");
  }

  @Test
  void aCompletionWithoutUsageIsUsageMissing() {
    StreamRecorder r = begin("/v1/chat/completions");
    r.onResponseHeaders(200, Fixture.SSE_RESPONSE, f.now());
    f.bytes(r, GenAiStreams.chatNoUsage());
    r.onEnd(CloseReason.COMPLETED, f.now());

    assertThat(f.sink.single(StreamEnd.class).genAi().usageStatus()).isEqualTo(GenAi.USAGE_MISSING);
    assertThat(only(AlertKind.USAGE_MISSING).severity()).isEqualTo(Severity.INFO);
  }

  @Test
  void anthropicMessagesCompleteWithExactUsage() {
    StreamRecorder r = begin("/v1/messages");
    r.onResponseHeaders(200, Fixture.SSE_RESPONSE, f.now());
    f.bytes(r, GenAiStreams.anthropic());
    r.onEnd(CloseReason.COMPLETED, f.now());

    GenAi g = f.sink.single(StreamEnd.class).genAi();
    assertThat(g.provider()).isEqualTo("anthropic");
    assertThat(g.finishReasons()).containsExactly("end_turn");
    assertThat(g.inputTokens()).isEqualTo(25);
    assertThat(g.outputTokens()).isEqualTo(15);
    assertThat(f.sink.alerts()).isEmpty();
  }

  @Test
  void azureContentFilterBlockReleaseIsNotBlamedOnAProxy() {
    StreamRecorder r = begin("/openai/deployments/gpt4o/chat/completions");
    r.onResponseHeaders(200, Fixture.SSE_RESPONSE, f.now());
    f.bytes(r, GenAiStreams.azurePromptFilter());
    f.advance(Duration.ofSeconds(2));
    f.bytes(r, blocks(6));
    f.bytes(r, GenAiStreams.DONE);
    r.onEnd(CloseReason.COMPLETED, f.now());

    Alert a = only(AlertKind.CONTENT_FILTER_BLOCKS);
    assertThat(a.severity()).isEqualTo(Severity.INFO);
    assertThat(a.evidence()).contains("6 events").contains("content filter");
    assertThat(f.sink.alerts()).noneMatch(x -> x.kind() == AlertKind.BUFFERING);
  }

  @Test
  void theSameBurstWithoutFilterAnnotationsIsStillBuffering() {
    StreamRecorder r = begin("/v1/chat/completions");
    r.onResponseHeaders(200, Fixture.SSE_RESPONSE, f.now());
    f.advance(Duration.ofSeconds(2));
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 6; i++) {
      b.append(GenAiStreams.chatChunk("CANARY-chat-1", ""));
    }
    f.bytes(r, b.toString());
    r.onEnd(CloseReason.COMPLETED, f.now());

    assertThat(f.sink.alertRules()).contains("burst");
    assertThat(f.sink.alerts()).noneMatch(x -> x.kind() == AlertKind.CONTENT_FILTER_BLOCKS);
  }

  @Test
  void anMcpCallWithProgressThenItsResult() {
    StreamRecorder r = beginMcp();
    r.onResponseHeaders(200, Fixture.SSE_RESPONSE, f.now());
    f.bytes(r, GenAiStreams.mcpProgressThenResult());
    r.onEnd(CloseReason.COMPLETED, f.now());

    StreamStart start = f.sink.single(StreamStart.class);
    assertThat(start.genAi().mcpMethod()).isEqualTo("tools/call");
    assertThat(start.genAi().mcpName()).isEqualTo("search_docs");
    assertThat(start.genAi().mcpProtocolVersion()).isEqualTo("2026-07-28");
    GenAi g = f.sink.single(StreamEnd.class).genAi();
    assertThat(g.rpcOutcome()).isEqualTo("result");
    assertThat(g.mcpProgressNotifications()).isEqualTo(2);
    assertThat(f.sink.alerts()).isEmpty();
  }

  @Test
  void anMcpCallCutByAnIdleTimeoutBeforeItsResultIsCancelled() {
    StreamRecorder r = beginMcp();
    r.onResponseHeaders(200, Fixture.SSE_RESPONSE, f.now());
    f.bytes(r, GenAiStreams.mcpProgressOnly());
    f.advance(Duration.ofSeconds(235));
    r.onEnd(CloseReason.IDLE_TIMEOUT, f.now());

    Alert a = only(AlertKind.MCP_CALL_CANCELLED);
    assertThat(a.rule()).isEqualTo("cut_after_silence");
    assertThat(a.evidence()).contains("tools/call (search_docs)").contains("idle_timeout");
    assertThat(f.sink.single(StreamEnd.class).genAi().rpcOutcome()).isNull();
  }

  @Test
  void otherStreamsCarryNoGenAiObject() {
    StreamRecorder r = f.sse();
    f.bytes(r, "data: {\"model\":\"x\"}\n\n");
    r.onEnd(CloseReason.COMPLETED, f.now());

    assertThat(f.sink.single(StreamStart.class).genAi()).isNull();
    assertThat(f.sink.single(StreamEnd.class).genAi()).isNull();
    assertThat(JsonLines.toJson(f.sink.single(StreamEnd.class))).doesNotContain("genai");
  }

  @Test
  void recognitionCanBeTurnedOff() {
    Fixture off = new Fixture(Map.of("ssewatch.genai.enabled", "false"));
    StreamRecorder r =
        off.recorders.begin("POST", "/v1/chat/completions", null, CHAT_REQUEST, off.now());
    r.onResponseHeaders(200, Fixture.SSE_RESPONSE, off.now());
    r.onEnd(CloseReason.COMPLETED, off.now());

    assertThat(off.sink.single(StreamEnd.class).genAi()).isNull();
  }

  private StreamRecorder begin(String path) {
    return f.recorders.begin("POST", path, null, CHAT_REQUEST, f.now());
  }

  private StreamRecorder beginMcp() {
    return f.recorders.begin(
        "POST",
        "/mcp",
        null,
        List.of(
            new Header("Accept", "application/json, text/event-stream"),
            new Header("Mcp-Method", "tools/call"),
            new Header("Mcp-Name", "search_docs"),
            new Header("MCP-Protocol-Version", "2026-07-28")),
        f.now());
  }

  private Alert only(AlertKind kind) {
    List<Alert> found = f.sink.alerts().stream().filter(a -> a.kind() == kind).toList();
    assertThat(found).as(kind.wireName()).hasSize(1);
    return found.get(0);
  }

  private static String blocks(int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(GenAiStreams.azureFiltered(i % 2 == 0 ? "CANARY-filter-1" : "CANARY-filter-2"));
    }
    return b.toString();
  }
}
