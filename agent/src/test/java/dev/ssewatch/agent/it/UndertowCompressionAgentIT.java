package dev.ssewatch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Undertow core handlers (the blocking output stream and {@code ServerSentEventHandler}) behind
 * Undertow's {@code EncodingHandler} gzipping every text response: the record has the coding the
 * response went out with, the coded bytes the client received as its bytes, and every event.
 */
class UndertowCompressionAgentIT extends GzippedStreamCase {

  @Override
  ChildJvm start(ChildJvm.Options options) throws Exception {
    return ChildJvm.start(
        options,
        ChildJvm.testClasspath("undertow-core-", "xnio-", "jboss-", "wildfly-"),
        "dev.ssewatch.agent.apps.UndertowApp",
        "compression");
  }

  @Override
  String casePrefix() {
    return "undertow-core-gzip";
  }

  @Test
  void aBlockingStreamTheHandlerGzipsCountsTheCodedBytesAndEveryEvent() throws Exception {
    int n = 30;
    String url = "/sse/ticks?n=" + n + "&case=" + casePrefix();
    HttpResponse<byte[]> response = get(url);
    assertThat(gunzip(response.body())).isEqualTo(events(n));

    Telemetry t = app.telemetry();
    String id = AgentContract.awaitValue(() -> t.streamId(url));
    assertCompletedWithEvents(t, id, n, response.body().length);
    assertGzipRecordedWithoutIdleAlerts(t, id);
  }

  @Test
  void theServerSentEventHandlerGzippedCountsTheCodedBytesAndEveryEvent() throws Exception {
    int n = 4;
    String url = "/sse/handler/stream?n=" + n + "&case=" + casePrefix() + "-handler";
    HttpResponse<byte[]> response = get(url);
    assertThat(gunzip(response.body())).contains("id:" + n);

    Telemetry t = app.telemetry();
    String id = AgentContract.awaitValue(() -> t.streamId(url));
    assertCompletedWithEvents(t, id, n, response.body().length);
    assertGzipRecordedWithoutIdleAlerts(t, id);
  }

  @Test
  void aClientThatHangsUpOnTheGzippedHandlerIsAClientAbort() throws Exception {
    assertClientAbort("/sse/handler/forever?case=" + casePrefix() + "-handler-abort");
  }

  @Test
  void aGzippedResponseThatIsNotAnEventStreamIsLeftAlone() throws Exception {
    String url = "/sse/plain?case=" + casePrefix() + "-plain";
    assertThat(gunzip(get(url).body())).isEqualTo("not an event stream");
    // A stream served after it is recorded, so by then the plain one would have been too.
    String after = "/sse/stream?n=1&case=" + casePrefix() + "-after-plain";
    get(after);
    Telemetry t = app.telemetry();
    String id = AgentContract.awaitValue(() -> t.streamId(after));
    AgentContract.awaitValue(() -> t.end(id));
    assertThat(t.records()).noneSatisfy(r -> assertThat(r.get("url")).isEqualTo(url));
  }
}
