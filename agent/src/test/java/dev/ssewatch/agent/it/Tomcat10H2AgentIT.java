package dev.ssewatch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Tomcat 10.1 serving the servlet over HTTP/2 ({@code Http2Protocol}, h2c), its connector's
 * compression on for event streams: the uncompressed scenarios (the client asks for no coding) and
 * a gzipped one, whose {@code bytes} are the compressed body Tomcat's HTTP/2 stream sent.
 */
class Tomcat10H2AgentIT extends Http2ServletContract {

  Path java() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  @Override
  ChildJvm startApp() throws Exception {
    return ChildJvm.start(
        new ChildJvm.Options().java(java()),
        ChildJvm.testClasspath("tomcat-embed-core-", "tomcat-annotations-api-"),
        "dev.ssewatch.agent.apps.TomcatApp",
        "jakarta",
        "compression",
        "h2c");
  }

  @Test
  void aGzippedStreamCountsTheCompressedBodyAsItsBytes() throws Exception {
    String url = "/sse/stream?n=4&case=h2-gzip";
    HttpRequest gzip =
        HttpRequest.newBuilder(request(url), (n, v) -> true)
            .header("Accept-Encoding", "gzip")
            .build();
    HttpResponse<byte[]> response = client().send(gzip, HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(response.headers().firstValue("content-encoding")).hasValue("gzip");
    StringBuilder events = new StringBuilder();
    for (int i = 1; i <= 4; i++) {
      events.append(expectedEvent(app().canary(), i));
    }
    assertThat(GzippedStreamCase.gunzip(response.body())).isEqualTo(events.toString());

    String id = awaitValue(() -> telemetry().streamId(url));
    Map<String, Object> end = awaitValue(() -> telemetry().end(id));
    assertThat(end)
        .containsEntry("close_reason", "completed")
        .containsEntry("events", BigDecimal.valueOf(4))
        .containsEntry("bytes", BigDecimal.valueOf(response.body().length));
    assertThat(telemetry().of(id, "stream_start").get(0).get("response_headers").toString())
        .containsIgnoringCase("content-encoding, gzip");
    assertThat(telemetry().of(id, "alert"))
        .anySatisfy(a -> assertThat(a).containsEntry("rule", "content_encoding"));
    assertNothingLeaked();
  }
}
