package dev.ssewatch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The scenarios of a server that is neither Servlet nor Netty: those of every server, buffering,
 * and a {@code Content-Length} on an event stream, which the server itself writes from the length
 * the application gives when it sends the headers.
 */
abstract class ServerFamilyContract extends AgentContract implements BufferingContract {

  @Override
  public AgentContract contract() {
    return this;
  }

  @Test
  void aContentLengthOnAnEventStreamRaisesABufferingAlert() throws Exception {
    String url = "/sse/content-length?n=3&case=content-length";
    assertCompletedStream(url, 3);
    String id = telemetry().streamId(url);
    assertThat(telemetry().of(id, "alert"))
        .anySatisfy(
            a ->
                assertThat(a)
                    .containsEntry("kind", "buffering")
                    .containsEntry("rule", "content_length"));
  }

  @Test
  void aChunkedEventStreamRaisesNoContentLengthAlert() throws Exception {
    String url = "/sse/stream?n=2&case=no-content-length";
    assertCompletedStream(url, 2);
    String id = telemetry().streamId(url);
    assertThat(telemetry().of(id, "alert"))
        .noneSatisfy(a -> assertThat(a).containsEntry("rule", "content_length"));
  }
}
