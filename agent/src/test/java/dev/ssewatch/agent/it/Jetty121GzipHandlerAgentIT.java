package dev.ssewatch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code GzipHandler} scenarios on Jetty 12.1 (ee10), on a class path of its own, and a plain
 * event stream there: a client that does not accept gzip gets the servlet's bytes as they are.
 */
class Jetty121GzipHandlerAgentIT extends Jetty12GzipHandlerAgentIT {

  @Override
  ChildJvm start(ChildJvm.Options options) throws Exception {
    List<Path> classpath = ChildJvm.testClasspath("jakarta.servlet-api-", "slf4j-api-");
    for (Path p : ChildJvm.copiedClasspath("jetty121")) {
      if (!classpath.contains(p)) {
        classpath.add(p);
      }
    }
    assertThat(classpath)
        .anySatisfy(p -> assertThat(p.getFileName().toString()).startsWith("jetty-server-12.1."))
        .noneSatisfy(p -> assertThat(p.getFileName().toString()).startsWith("jetty-server-12.0."));
    return ChildJvm.start(options, classpath, "dev.ssewatch.agent.apps.Jetty12App", "gzip-handler");
  }

  @Override
  String casePrefix() {
    return "jetty121-gzip-handler";
  }

  /** Jetty 12.1 compares the length with what the application wrote, and aborts the response. */
  @Override
  String shortBodyEnd() {
    return "upstream_abort";
  }

  @Test
  void aPlainStreamIsRecordedAsTheServletWroteIt() throws Exception {
    String url = "/sse/stream?n=5&case=jetty121-plain";
    HttpResponse<byte[]> response =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + url))
                .header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.headers().firstValue("content-encoding")).isEmpty();
    assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(events(5));

    Telemetry t = app.telemetry();
    String id = AgentContract.awaitValue(() -> t.streamId(url));
    Map<String, Object> end = AgentContract.awaitValue(() -> t.end(id));
    assertThat(end)
        .containsEntry("close_reason", "completed")
        .containsEntry("events", BigDecimal.valueOf(5))
        .containsEntry("bytes", BigDecimal.valueOf(response.body().length));
    assertNothingLeaked(t);
  }
}
