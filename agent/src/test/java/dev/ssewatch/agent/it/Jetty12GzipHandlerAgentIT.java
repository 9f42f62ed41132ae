package dev.ssewatch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.agent.apps.SseScenario;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Jetty 12 (ee10) behind Jetty's own {@code GzipHandler}, compressing event streams with a sync
 * flush at each flush. The agent sees the handler's compressed output as well as the servlet's
 * writes: the stream's bytes are the compressed body as it went on the wire.
 */
class Jetty12GzipHandlerAgentIT extends ContainerCompressionCase {

  @Override
  ChildJvm start(ChildJvm.Options options) throws Exception {
    return ChildJvm.start(
        options,
        ChildJvm.testClasspath("jetty-", "jakarta.servlet-api-", "slf4j-api-"),
        "dev.ssewatch.agent.apps.Jetty12App",
        "gzip-handler");
  }

  @Override
  String casePrefix() {
    return "gzip-handler";
  }

  @Test
  void aCompressedResponseThatIsNotAnEventStreamIsLeftAlone() throws Exception {
    String json = "/sse/json?n=40&case=gzip-handler-json";
    HttpResponse<byte[]> response = get(json);
    assertThat(gunzip(response.body())).isEqualTo(SseScenario.json(app.canary(), 40));
    // A stream after it, whose end says the agent has seen both.
    String url = "/sse/stream?n=2&case=gzip-handler-after-json";
    assertThat(gunzip(get(url).body())).isEqualTo(events(2));

    Telemetry t = app.telemetry();
    String id = AgentContract.awaitValue(() -> t.streamId(url));
    AgentContract.awaitValue(() -> t.end(id));
    assertThat(t.records()).noneSatisfy(r -> assertThat(r.get("url")).isEqualTo(json));
    assertNothingLeaked(t);
  }
}
