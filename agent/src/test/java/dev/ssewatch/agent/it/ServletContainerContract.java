package dev.ssewatch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.agent.apps.SseScenario;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The servlet scenarios: output stream and writer, synchronous and with {@code AsyncContext}. */
abstract class ServletContainerContract extends AgentContract implements BufferingContract {

  @Override
  public AgentContract contract() {
    return this;
  }

  @Test
  void recordsEventsWrittenThroughTheWriter() throws Exception {
    assertCompletedStream("/sse/writer?n=4&case=writer", 4);
  }

  @Test
  void recordsEventsWrittenFromAnAsyncContext() throws Exception {
    assertCompletedStream("/sse/async?n=3&case=async", 3);
  }

  /**
   * Tomcat keeps a length set with {@code setContentLength} out of the header names until commit;
   * the agent must see it all the same.
   */
  @Test
  void aContentLengthSetOnAnEventStreamRaisesABufferingAlert() throws Exception {
    String url = "/sse/content-length?n=3&case=content-length";
    assertCompletedStream(url, 3);
    String id = telemetry().streamId(url);
    assertThat(telemetry().of(id, "alert"))
        .anySatisfy(
            a ->
                assertThat(a)
                    .containsEntry("kind", "buffering")
                    .containsEntry("rule", "content_length"));
    assertThat(telemetry().of(id, "stream_start").toString()).contains("Content-Length");
  }

  @Test
  void recordsAStreamWhoseContentTypeIsSetThroughSetHeader() throws Exception {
    assertCompletedStream("/sse/set-header?n=3&case=set-header", 3);
  }

  /**
   * A response finished without a flush gets its {@code Content-Length} from the container, when it
   * commits after the application returned: the record has it, and the alert fires.
   */
  @Test
  void theContentLengthTheContainerAddsToAnUnflushedStreamIsRecorded() throws Exception {
    String url = "/sse/unflushed?n=3&case=unflushed";
    assertCompletedStream(url, 3);
    String id = telemetry().streamId(url);
    assertThat(telemetry().of(id, "alert"))
        .anySatisfy(
            a ->
                assertThat(a)
                    .containsEntry("kind", "buffering")
                    .containsEntry("rule", "content_length"));
    assertThat(telemetry().of(id, "stream_start").get(0).get("response_headers").toString())
        .containsIgnoringCase("content-length");
  }

  @Test
  void anEventStreamWithoutContentLengthRaisesNoContentLengthAlert() throws Exception {
    String url = "/sse/stream?n=2&case=no-content-length";
    assertCompletedStream(url, 2);
    String id = telemetry().streamId(url);
    assertThat(telemetry().of(id, "alert"))
        .noneSatisfy(a -> assertThat(a).containsEntry("rule", "content_length"));
  }

  @Test
  void aContentLengthWithdrawnBeforeTheBodyRaisesNoContentLengthAlert() throws Exception {
    String url = "/sse/content-length-withdrawn?n=2&case=content-length-withdrawn";
    assertCompletedStream(url, 2);
    String id = telemetry().streamId(url);
    assertThat(telemetry().of(id, "alert"))
        .noneSatisfy(a -> assertThat(a).containsEntry("rule", "content_length"));
  }

  @Test
  void readsAnLlmTokenStreamsFactsAndNoneOfItsText() throws Exception {
    String url = "/sse/v1/chat/completions?case=llm";
    HttpRequest post =
        HttpRequest.newBuilder(request(url), (n, v) -> true)
            .POST(HttpRequest.BodyPublishers.ofString("{\"stream\":true}"))
            .build();
    HttpResponse<String> response = client().send(post, HttpResponse.BodyHandlers.ofString());
    assertThat(response.body())
        .isEqualTo(String.join("", SseScenario.chatCompletion(app().canary(), 3)));

    String id = awaitValue(() -> telemetry().streamId(url));
    Map<String, Object> end = awaitValue(() -> telemetry().end(id));
    @SuppressWarnings("unchecked")
    Map<String, Object> genai = (Map<String, Object>) end.get("genai");
    assertThat(genai)
        .containsEntry("api", "openai.chat_completions")
        .containsEntry("model", "gpt-4o-mini")
        .containsEntry("output_chunks", BigDecimal.valueOf(3))
        .containsEntry("usage_status", "exact")
        .containsEntry("input_tokens", BigDecimal.valueOf(12))
        .containsEntry("output_tokens", BigDecimal.valueOf(3))
        .containsEntry("completed", true);
    assertThat(genai.get("finish_reasons").toString()).isEqualTo("[stop]");
    assertThat(genai.get("ttft_ms")).isNotNull();
    assertThat(telemetry().of(id, "alert")).isEmpty();
    assertNothingLeaked();
  }

  @Test
  void recordsAClientDisconnectSeenThroughTheWriterAsClientAbort() throws Exception {
    assertClientAbort("/sse/forever-writer?case=writer-abort");
  }
}
