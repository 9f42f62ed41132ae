package dev.ssewatch.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssewatch.core.genai.GenAiStreams;
import dev.ssewatch.core.risk.Alert;
import dev.ssewatch.core.risk.AlertKind;
import dev.ssewatch.core.telemetry.CloseReason;
import dev.ssewatch.core.telemetry.GenAi;
import dev.ssewatch.core.telemetry.JsonLines;
import dev.ssewatch.core.telemetry.StreamEnd;
import dev.ssewatch.core.telemetry.StreamStart;
import dev.ssewatch.core.telemetry.TelemetryRecord;
import dev.ssewatch.core.testing.RecordingConsumer;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * LLM token streams and MCP calls through the proxy on loopback: the backend replays realistic
 * streams whose content is canaries; the client gets every byte, the records get none of them.
 */
class GenAiRecordingTest {

  private final RecordingConsumer records = new RecordingConsumer();
  private TestBackend backend;
  private ProxyServer proxy;

  @AfterEach
  void stop() throws Exception {
    ProxyFixture.stop(proxy, backend);
  }

  @AfterEach
  void noCanaryInAnyRecord() {
    for (TelemetryRecord r : records.all()) {
      String json = JsonLines.toJson(r);
      for (String canary : GenAiStreams.CANARIES) {
        assertThat(json).as(r.recordType()).doesNotContain(canary);
      }
    }
  }

  @Test
  void aChatCompletionWithUsageIsRecordedExactly() throws Exception {
    backend =
        new TestBackend(
            (req, c) -> {
              c.sseHead();
              c.chunk(GenAiStreams.CHAT_ROLE.replace("%USAGE_NULL%", ",\"usage\":null"));
              c.chunk(GenAiStreams.chatChunk("CANARY-chat-1", ",\"usage\":null"));
              c.chunk(GenAiStreams.chatChunk("CANARY-chat-2", ",\"usage\":null"));
              c.chunk(GenAiStreams.CHAT_FINISH.replace("%USAGE_NULL%", ",\"usage\":null"));
              c.chunk(GenAiStreams.CHAT_USAGE);
              c.chunk(GenAiStreams.DONE);
              c.endChunks();
              return true;
            });
    proxy = ProxyFixture.startRecording(backend.uri(), records, o -> o);

    String body = RecordingTest.dechunk(post("/v1/chat/completions", ""));

    assertThat(body).contains("CANARY-chat-1").contains("CANARY-chat-2").endsWith("[DONE]\n\n");
    GenAi g = end().genAi();
    assertThat(g.api()).isEqualTo("openai.chat_completions");
    assertThat(g.outputChunks()).isEqualTo(2);
    assertThat(g.timeToFirstTokenNanos()).isPositive();
    assertThat(g.usageStatus()).isEqualTo(GenAi.USAGE_EXACT);
    assertThat(g.inputTokens()).isEqualTo(19);
    assertThat(g.outputTokens()).isEqualTo(10);
    assertThat(g.cachedTokens()).isEqualTo(3);
    assertThat(g.finishReasons()).containsExactly("stop");
    assertThat(g.completed()).isTrue();
    assertThat(records.alerts()).noneMatch(a -> a.kind() == AlertKind.TRUNCATED_COMPLETION);
  }

  @Test
  void aChatCompletionCutBeforeUsageIsTruncated() throws Exception {
    backend =
        new TestBackend(
            (req, c) -> {
              c.sseHead();
              c.chunk(GenAiStreams.chatCut());
              c.socket.close();
              return false;
            });
    proxy = ProxyFixture.startRecording(backend.uri(), records, o -> o);

    post("/openai/deployments/gpt4o/chat/completions?api-version=2024-10-21", "");

    StreamEnd end = end();
    assertThat(end.closeReason()).isEqualTo(CloseReason.UPSTREAM_ABORT);
    assertThat(end.genAi().api()).isEqualTo("azure_openai.chat_completions");
    assertThat(end.genAi().usageStatus()).isEqualTo(GenAi.USAGE_TRUNCATED);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> alertsOf(AlertKind.TRUNCATED_COMPLETION).size() == 1);
  }

  @Test
  void anthropicAndResponsesStreamsAreRecognisedByTheirPaths() throws Exception {
    backend =
        new TestBackend(
            (req, c) -> {
              c.sseHead();
              c.chunk(
                  req.target().contains("messages")
                      ? GenAiStreams.anthropic()
                      : GenAiStreams.responses());
              c.endChunks();
              return true;
            });
    proxy = ProxyFixture.startRecording(backend.uri(), records, o -> o);

    post("/v1/messages", "");
    post("/v1/responses", "");

    await().atMost(Duration.ofSeconds(30)).until(() -> records.ofType(StreamEnd.class).size() == 2);
    List<GenAi> ends = records.ofType(StreamEnd.class).stream().map(StreamEnd::genAi).toList();
    assertThat(ends)
        .extracting(GenAi::api)
        .containsExactlyInAnyOrder("anthropic.messages", "openai.responses");
    assertThat(ends).allSatisfy(g -> assertThat(g.usageStatus()).isEqualTo(GenAi.USAGE_EXACT));
    assertThat(records.alerts()).isEmpty();
  }

  @Test
  void anMcpCallCutBeforeItsResultIsCancelledAndOneAnsweredIsNot() throws Exception {
    backend =
        new TestBackend(
            (req, c) -> {
              c.sseHead();
              if (req.target().contains("cut")) {
                c.chunk(GenAiStreams.mcpProgressOnly());
                c.socket.close();
                return false;
              }
              c.chunk(GenAiStreams.mcpProgressThenResult());
              c.endChunks();
              return true;
            });
    proxy = ProxyFixture.startRecording(backend.uri(), records, o -> o);
    String mcp =
        "Mcp-Method: tools/call\r\nMcp-Name: search_docs\r\nMCP-Protocol-Version: 2026-07-28\r\n";

    String body = RecordingTest.dechunk(post("/mcp", mcp));
    post("/mcp/cut", mcp);

    assertThat(body).contains("CANARY-mcp-result");
    await().atMost(Duration.ofSeconds(30)).until(() -> records.ofType(StreamEnd.class).size() == 2);
    assertThat(records.ofType(StreamStart.class))
        .allSatisfy(s -> assertThat(s.genAi().mcpName()).isEqualTo("search_docs"));
    assertThat(records.ofType(StreamEnd.class))
        .extracting(e -> e.genAi().rpcOutcome())
        .containsExactlyInAnyOrder("result", null);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> alertsOf(AlertKind.MCP_CALL_CANCELLED).size() == 1);
    assertThat(alertsOf(AlertKind.MCP_CALL_CANCELLED).get(0).evidence())
        .contains("tools/call (search_docs)");
  }

  private StreamEnd end() {
    await().atMost(Duration.ofSeconds(30)).until(() -> !records.ofType(StreamEnd.class).isEmpty());
    return records.single(StreamEnd.class);
  }

  private List<Alert> alertsOf(AlertKind kind) {
    return records.alerts().stream().filter(a -> a.kind() == kind).toList();
  }

  /** A POST with a small JSON body, read until the proxy closes; the raw response. */
  private String post(String path, String extraHeaders) throws Exception {
    try (Socket s = new Socket("127.0.0.1", proxy.port())) {
      s.setSoTimeout(10_000);
      String body = "{\"stream\":true}";
      s.getOutputStream()
          .write(
              ("POST "
                      + path
                      + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAccept: text/event-stream\r\n"
                      + "Content-Type: application/json\r\n"
                      + extraHeaders
                      + "Content-Length: "
                      + body.length()
                      + "\r\n\r\n"
                      + body)
                  .getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      StringBuilder b = new StringBuilder();
      byte[] buf = new byte[4096];
      int n;
      try {
        while ((n = in.read(buf)) > 0) {
          b.append(new String(buf, 0, n, StandardCharsets.UTF_8));
        }
      } catch (java.net.SocketException e) {
        // a reset after an upstream abort: what was read so far is the answer
      }
      return b.toString();
    }
  }
}
