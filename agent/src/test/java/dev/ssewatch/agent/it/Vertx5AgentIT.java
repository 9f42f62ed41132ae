package dev.ssewatch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.agent.apps.SseScenario;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * A Vert.x 5 web server (on the build's Netty 4.2): the contract of every server, a {@code
 * Content-Length} on an event stream, and gzip for a client that accepts it (the compressed bytes
 * counted as the stream's, the events decoded and counted, {@code content_encoding}, no idle
 * alert). The idle budget is cut to two seconds so that a stream whose bytes went unseen would
 * raise an idle alert within the test.
 */
class Vertx5AgentIT extends ServerFamilyContract implements NettyCloseContract {

  /** The Java to run the server on. */
  Path java() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  @Override
  ChildJvm startApp() throws Exception {
    return ChildJvm.start(
        new ChildJvm.Options().java(java()).jvmArg("-Dssewatch.idle.budget=2s"),
        ChildJvm.testClasspath("vertx-", "netty-", "jackson-core-"),
        "dev.ssewatch.agent.apps.VertxApp");
  }

  @Test
  @Disabled("Vert.x writes every buffer through to the channel: no handler can hold one back")
  @Override
  public void eventsTheApplicationNeverFlushesRaiseABufferingAlert() {}

  @Test
  void aGzippedStreamIsCountedDecodedAndNotIdle() throws Exception {
    // 30 events 100 ms apart: 3 s of a stream that is never silent for long.
    int n = 30;
    String url = "/sse/stream?n=" + n + "&pause=100&case=gzip";
    HttpResponse<byte[]> response =
        client()
            .send(
                HttpRequest.newBuilder(request(url), (k, v) -> true)
                    .header("Accept-Encoding", "gzip")
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.headers().firstValue("content-encoding")).hasValue("gzip");
    StringBuilder expected = new StringBuilder();
    for (int i = 1; i <= n; i++) {
      expected.append(SseScenario.event(app().canary(), i));
    }
    assertThat(gunzip(response.body())).isEqualTo(expected.toString());

    String id = awaitValue(() -> telemetry().streamId(url));
    Map<String, Object> end = awaitValue(() -> telemetry().end(id));
    assertThat(end)
        .containsEntry("close_reason", "completed")
        .containsEntry("events", BigDecimal.valueOf(n))
        .containsEntry("bytes", BigDecimal.valueOf(response.body().length));
    assertThat(end.get("ttfe_ms")).isNotNull();
    assertThat(telemetry().of(id, "event")).hasSize(n);
    assertThat(telemetry().of(id, "stream_start").get(0).get("response_headers").toString())
        .containsIgnoringCase("content-encoding, gzip");
    List<Map<String, Object>> alerts = telemetry().of(id, "alert");
    assertThat(alerts).anySatisfy(a -> assertThat(a).containsEntry("rule", "content_encoding"));
    assertThat(alerts)
        .noneSatisfy(a -> assertThat(a.get("kind")).isIn("idle_timeout_risk", "no_heartbeats"));
    assertNothingLeaked();
  }

  private static String gunzip(byte[] gz) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
