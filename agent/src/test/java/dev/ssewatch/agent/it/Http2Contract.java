package dev.ssewatch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.agent.apps.SseScenario;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Streams served over HTTP/2 (h2c, upgraded from the client's first request): recorded as over
 * HTTP/1.1, with {@code bytes} the body the application wrote (HTTP/2 carries it in DATA frames, no
 * chunk framing), and a client that cancels its stream (RST_STREAM, the connection left open) as
 * {@code client_abort}.
 */
abstract class Http2Contract extends AgentContract {

  @Override
  HttpClient.Version httpVersion() {
    return HttpClient.Version.HTTP_2;
  }

  @Test
  void theStreamsBytesAreTheBodyTheApplicationWrote() throws Exception {
    String url = "/sse/stream?n=3&case=h2-bytes";
    assertCompletedStream(url, 3);
    int body = 0;
    for (int i = 1; i <= 3; i++) {
      body += SseScenario.eventBytes(app().canary(), i).length;
    }
    String id = telemetry().streamId(url);
    assertThat(telemetry().end(id)).containsEntry("bytes", BigDecimal.valueOf(body));
  }

  /** The second stream on the connection the cancelled one leaves open is recorded as usual. */
  @Test
  void aStreamAfterACancelledOneOnTheSameConnectionIsRecorded() throws Exception {
    assertClientAbort("/sse/forever?case=h2-abort-before");
    HttpResponse<String> response =
        client()
            .send(request("/sse/stream?n=2&case=h2-after"), HttpResponse.BodyHandlers.ofString());
    assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
    String id = awaitValue(() -> telemetry().streamId("/sse/stream?n=2&case=h2-after"));
    Map<String, Object> end = awaitValue(() -> telemetry().end(id));
    assertThat(end)
        .containsEntry("close_reason", "completed")
        .containsEntry("events", BigDecimal.valueOf(2))
        .containsEntry(
            "bytes",
            BigDecimal.valueOf(
                (SseScenario.event(app().canary(), 1) + SseScenario.event(app().canary(), 2))
                    .getBytes(StandardCharsets.UTF_8)
                    .length));
  }
}
