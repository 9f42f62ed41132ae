package dev.ssewatch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

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
  void recordsAClientDisconnectSeenThroughTheWriterAsClientAbort() throws Exception {
    assertClientAbort("/sse/forever-writer?case=writer-abort");
  }
}
