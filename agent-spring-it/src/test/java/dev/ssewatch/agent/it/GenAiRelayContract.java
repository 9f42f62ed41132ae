package dev.ssewatch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.agent.apps.SseScenario;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An application that relays an upstream's LLM token stream or MCP call to its own client (see
 * {@link ReplayUpstream}): the agent reads the relayed stream's facts — counts, time to first
 * token, finish, usage, the JSON-RPC outcome — and none of its text, and says when the upstream cut
 * it.
 */
interface GenAiRelayContract {

  AgentContract contract();

  String MCP_PROTOCOL = "2026-07-28";

  @Test
  default void aRelayedChatCompletionIsRecordedExactly() throws Exception {
    AgentContract c = contract();
    String url = "/v1/chat/completions?replay=chat&case=llm";
    HttpResponse<String> response =
        c.client().send(chatRequest(c, url), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    for (int i = 1; i <= ReplayUpstream.CHAT_TOKENS; i++) {
      assertThat(response.body()).contains(SseScenario.token(c.app().canary(), i));
    }
    assertThat(response.body()).endsWith("data:[DONE]\n\n");

    String id = AgentContract.awaitValue(() -> c.telemetry().streamId(url));
    Map<String, Object> end = AgentContract.awaitValue(() -> c.telemetry().end(id));
    // The role chunk, the content chunks, the finish chunk, the usage chunk and [DONE].
    assertThat(end)
        .containsEntry("close_reason", "completed")
        .containsEntry("events", BigDecimal.valueOf(ReplayUpstream.CHAT_TOKENS + 4));
    Map<String, Object> genai = genAi(end);
    assertThat(genai)
        .containsEntry("api", "openai.chat_completions")
        .containsEntry("model", "gpt-4o-mini")
        .containsEntry("output_chunks", BigDecimal.valueOf(ReplayUpstream.CHAT_TOKENS))
        .containsEntry("completed", true)
        .containsEntry("usage_status", "exact")
        .containsEntry("input_tokens", BigDecimal.valueOf(12))
        .containsEntry("output_tokens", BigDecimal.valueOf(ReplayUpstream.CHAT_TOKENS))
        .containsEntry("total_tokens", BigDecimal.valueOf(12 + ReplayUpstream.CHAT_TOKENS));
    assertThat(genai.get("finish_reasons").toString()).isEqualTo("[stop]");
    // The role chunk is an event, not a token: the first token comes after the upstream's silence.
    double ttft = ((Number) genai.get("ttft_ms")).doubleValue();
    assertThat(ttft).isGreaterThanOrEqualTo(ReplayUpstream.THINKING_MILLIS - 5);
    assertThat(((Number) end.get("ttfe_ms")).doubleValue()).isLessThan(ttft);
    assertThat(c.telemetry().of(id, "alert"))
        .extracting(a -> a.get("kind"))
        .doesNotContain("truncated_completion", "usage_missing");
    // The relay's own client connection to the upstream is not a stream the application serves.
    assertThat(c.telemetry().records())
        .noneSatisfy(r -> assertThat(String.valueOf(r.get("url"))).startsWith("/replay/"));
    c.assertNothingLeaked();
  }

  @Test
  default void aChatCompletionTheUpstreamCutsBeforeUsageIsTruncated() throws Exception {
    AgentContract c = contract();
    String url = "/v1/chat/completions?replay=chat-cut&case=llm-cut";
    sendExpectingACut(c, chatRequest(c, url));

    String id = AgentContract.awaitValue(() -> c.telemetry().streamId(url));
    Map<String, Object> end = AgentContract.awaitValue(() -> c.telemetry().end(id));
    // The role chunk and two content chunks reached the client, nothing after them; the relay,
    // not the client, dropped the connection.
    assertThat(end)
        .containsEntry("events", BigDecimal.valueOf(3))
        .containsEntry("close_reason", "upstream_abort");
    Map<String, Object> genai = genAi(end);
    assertThat(genai)
        .containsEntry("api", "openai.chat_completions")
        .containsEntry("output_chunks", BigDecimal.valueOf(2))
        .containsEntry("completed", false)
        .containsEntry("usage_status", "truncated");
    assertThat(genai.get("input_tokens")).isNull();
    assertThat(genai.get("ttft_ms")).isNotNull();
    Map<String, Object> alert =
        AgentContract.awaitValue(() -> alertOf(c, id, "truncated_completion"));
    assertThat(alert).containsEntry("rule", "no_terminal_event");
    assertThat(alert.get("evidence").toString()).contains("after 2 output chunks");
    c.assertNothingLeaked();
  }

  @Test
  default void aRelayedMcpCallIsRecordedWithItsProgressAndResult() throws Exception {
    AgentContract c = contract();
    String url = "/mcp?replay=mcp&case=mcp";
    HttpResponse<String> response =
        c.client().send(mcpRequest(c, url), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains(c.app().canary() + " result");

    String id = AgentContract.awaitValue(() -> c.telemetry().streamId(url));
    Map<String, Object> start = c.telemetry().of(id, "stream_start").get(0);
    assertThat(genAi(start))
        .containsEntry("api", "mcp")
        .containsEntry("mcp_method", "tools/call")
        .containsEntry("mcp_name", "search_docs")
        .containsEntry("mcp_protocol_version", MCP_PROTOCOL);
    Map<String, Object> end = AgentContract.awaitValue(() -> c.telemetry().end(id));
    assertThat(end)
        .containsEntry("close_reason", "completed")
        .containsEntry("events", BigDecimal.valueOf(3));
    assertThat(genAi(end))
        .containsEntry("completed", true)
        .containsEntry("rpc_outcome", "result")
        .containsEntry("mcp_notifications", BigDecimal.valueOf(2))
        .containsEntry("mcp_progress_notifications", BigDecimal.valueOf(2));
    assertThat(c.telemetry().of(id, "alert"))
        .extracting(a -> a.get("kind"))
        .doesNotContain("mcp_call_cancelled");
    c.assertNothingLeaked();
  }

  @Test
  default void anMcpCallTheUpstreamCutsBeforeItsResultIsCancelled() throws Exception {
    AgentContract c = contract();
    String url = "/mcp?replay=mcp-cut&case=mcp-cut";
    sendExpectingACut(c, mcpRequest(c, url));

    String id = AgentContract.awaitValue(() -> c.telemetry().streamId(url));
    Map<String, Object> end = AgentContract.awaitValue(() -> c.telemetry().end(id));
    assertThat(end)
        .containsEntry("events", BigDecimal.ONE)
        .containsEntry("close_reason", "upstream_abort");
    assertThat(genAi(end))
        .containsEntry("completed", false)
        .containsEntry("rpc_outcome", null)
        .containsEntry("mcp_progress_notifications", BigDecimal.ONE);
    Map<String, Object> alert =
        AgentContract.awaitValue(() -> alertOf(c, id, "mcp_call_cancelled"));
    assertThat(alert.get("evidence").toString())
        .contains("tools/call (search_docs)")
        .contains("after 1 progress notifications");
    c.assertNothingLeaked();
  }

  private static HttpRequest chatRequest(AgentContract c, String url) {
    return HttpRequest.newBuilder(c.request(url), (n, v) -> true)
        .header("Content-Type", "application/json")
        .POST(
            HttpRequest.BodyPublishers.ofString(
                "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"stream_options\":"
                    + "{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\""
                    + c.app().canary()
                    + " prompt\"}]}"))
        .build();
  }

  private static HttpRequest mcpRequest(AgentContract c, String url) {
    return HttpRequest.newBuilder(c.request(url), (n, v) -> true)
        .setHeader("Accept", "application/json, text/event-stream")
        .header("Content-Type", "application/json")
        .header("Mcp-Method", "tools/call")
        .header("Mcp-Name", "search_docs")
        .header("MCP-Protocol-Version", MCP_PROTOCOL)
        .POST(
            HttpRequest.BodyPublishers.ofString(
                "{\"jsonrpc\":\"2.0\",\"id\":42,\"method\":\"tools/call\",\"params\":{\"name\":"
                    + "\"search_docs\",\"arguments\":{\"q\":\""
                    + c.app().canary()
                    + " argument\"},\"_meta\":{\"progressToken\":\"t1\"}}}"))
        .build();
  }

  /** The relay's response ends when the upstream's does, without its end: reading it may fail. */
  private static void sendExpectingACut(AgentContract c, HttpRequest request) {
    try {
      c.client().send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException cut) {
      // expected: the connection closed in the middle of a chunked body
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> genAi(Map<String, Object> record) {
    Object g = record.get("genai");
    assertThat(g).as("the record's genai object").isInstanceOf(Map.class);
    return (Map<String, Object>) g;
  }

  private static Map<String, Object> alertOf(AgentContract c, String id, String kind) {
    List<Map<String, Object>> alerts = c.telemetry().of(id, "alert");
    return alerts.stream().filter(a -> kind.equals(a.get("kind"))).findFirst().orElse(null);
  }
}
