package dev.ssewatch.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssewatch.core.genai.GenAiStreams;
import dev.ssewatch.core.sse.SseEvent;
import dev.ssewatch.core.testing.RecordingConsumer;
import dev.ssewatch.proxy.admin.live.LiveFeedReader;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The live page shows the content-free facts of LLM token streams and MCP calls: what was
 * recognised, time to first token, output chunks, how it ended, token usage, MCP method and tool
 * and the JSON-RPC outcome. The backend's streams carry canaries in every piece of content; none
 * reaches the page's feed, its HTML or {@code /streams}.
 */
class LivePageGenAiTest {

  /** An Azure OpenAI chat completion the backend holds open after its first output chunk. */
  private static final String HELD = "/openai/deployments/held/chat/completions";

  private final RecordingConsumer records = new RecordingConsumer();
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final CountDownLatch release = new CountDownLatch(1);
  private TestBackend backend;
  private ProxyServer proxy;
  private LiveFeedReader feed;

  @AfterEach
  void stop() throws Exception {
    release.countDown();
    if (feed != null) {
      feed.close();
    }
    ProxyFixture.stop(proxy, backend);
  }

  private void startProxy() throws Exception {
    backend =
        new TestBackend(
            (req, c) -> {
              c.sseHead();
              if (req.target().startsWith("/mcp")) {
                c.chunk(GenAiStreams.mcpProgressThenResult());
              } else if (req.target().startsWith(HELD)) {
                c.chunk(GenAiStreams.CHAT_ROLE.replace("%USAGE_NULL%", ""));
                c.chunk(GenAiStreams.chatChunk("CANARY-chat-1", ""));
                release.await(30, TimeUnit.SECONDS);
              } else {
                c.chunk(GenAiStreams.chatWithUsage());
              }
              c.endChunks();
              return true;
            });
    proxy = ProxyFixture.startRecording(backend.uri(), records, o -> o);
    feed = LiveFeedReader.open(proxy.adminAddress());
  }

  @Test
  void anEndedChatCompletionShowsItsFactsAndNoContent() throws Exception {
    startProxy();

    post("/v1/chat/completions", "");

    String end = awaitData("stream_end", "\"genai\":{\"api\":\"openai.chat_completions\"");
    assertThat(end)
        .contains("\"provider\":\"openai\"")
        .contains("\"model\":\"gpt-4o-mini-2024-07-18\"")
        .contains("\"output_chunks\":2")
        .contains("\"finish_reasons\":[\"stop\"]")
        .contains("\"completed\":true")
        .contains("\"usage_status\":\"exact\"")
        .contains("\"input_tokens\":19")
        .contains("\"output_tokens\":10")
        .contains("\"total_tokens\":29")
        .contains("\"cached_tokens\":3")
        .contains("\"reasoning_tokens\":4")
        .doesNotContain("\"ttft_ms\":null");
    assertNoCanaryAnywhere();
    // The page puts the object of both tables in a cell of its own, as text.
    assertThat(get("/")).contains("genaiCell(s.genai)").contains("genaiCell(e.genai)");
  }

  @Test
  void anMcpCallShowsItsMethodToolAndOutcome() throws Exception {
    startProxy();

    post(
        "/mcp",
        "Mcp-Method: tools/call\r\nMcp-Name: search_docs\r\nMCP-Protocol-Version: 2026-07-28\r\n");

    String end = awaitData("stream_end", "\"genai\":{\"api\":\"mcp\"");
    assertThat(end)
        .contains("\"mcp_method\":\"tools/call\"")
        .contains("\"mcp_name\":\"search_docs\"")
        .contains("\"mcp_protocol_version\":\"2026-07-28\"")
        .contains("\"rpc_outcome\":\"result\"")
        .contains("\"mcp_notifications\":2")
        .contains("\"mcp_progress_notifications\":2");
    assertNoCanaryAnywhere();
  }

  @Test
  void anOpenChatCompletionIsShownAsOneInItsSnapshot() throws Exception {
    startProxy();

    Thread client =
        new Thread(
            () -> {
              try {
                post(HELD, "");
              } catch (Exception e) {
                // ended by the test
              }
            });
    client.setDaemon(true);
    client.start();

    String snapshot = awaitData("snapshot", "\"genai\":{\"api\":\"azure_openai.chat_completions\"");
    assertThat(snapshot).contains("\"url\":\"" + HELD + "\"");
    assertNoCanaryAnywhere();
    release.countDown();
    String end = awaitData("stream_end", "\"url\":\"" + HELD + "\"");
    // Ended without a finish reason or [DONE]: the client saw half an answer.
    assertThat(end).contains("\"output_chunks\":1").contains("\"usage_status\":\"truncated\"");
  }

  private String awaitData(String type, String part) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> feed.data(type).stream().anyMatch(d -> d.contains(part)));
    return feed.data(type).stream().filter(d -> d.contains(part)).findFirst().orElseThrow();
  }

  /** Not in the feed, the page or {@code /streams}: the admin listener has no content to show. */
  private void assertNoCanaryAnywhere() throws Exception {
    String page = get("/");
    String streams = get("/streams");
    for (String canary : GenAiStreams.CANARIES) {
      for (SseEvent e : feed.events) {
        assertThat(e.data()).as(e.type()).doesNotContain(canary);
      }
      assertThat(page).doesNotContain(canary);
      assertThat(streams).doesNotContain(canary);
    }
  }

  private String get(String path) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + proxy.adminAddress().getPort() + path);
    HttpResponse<String> r =
        http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  /** A POST with a small JSON body, read until the proxy closes; the raw response. */
  private String post(String path, String extraHeaders) throws Exception {
    try (Socket s = new Socket("127.0.0.1", proxy.port())) {
      s.setSoTimeout(30_000);
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
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
