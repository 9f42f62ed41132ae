package dev.ssewatch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Micronaut 4 on its Netty server, at the Micronaut platform's versions: a controller's {@code
 * Publisher<Event<Tick>>} streams, each event's data a JSON record, to a client that hangs up, and
 * to a client that accepts gzip, which Micronaut's own compressor then applies to the event stream.
 * Micronaut compresses any text-based response of unknown length for a client that accepts gzip,
 * event streams included, with no setting. One application JVM serves every scenario.
 */
class MicronautAgentIT extends TickStreamContract {

  @Override
  ChildJvm startApp() throws Exception {
    return ChildJvm.start(
        new ChildJvm.Options()
            .java(java())
            .jvmArg("-Dssewatch.idle.budget=2s")
            .jvmArg("-Dmicronaut.server.port=-1")
            .jvmArg("-Dmicronaut.server.host=127.0.0.1"),
        ChildJvm.testClasspath(""),
        "dev.ssewatch.agent.apps.micronaut.MicronautSseApp");
  }

  /** As Micronaut writes an event: a space after each field's colon. */
  @Override
  String wireEvent(String canary, int i) {
    return "id: " + i + "\nevent: tick\ndata: " + json(canary, i) + "\n\n";
  }

  /**
   * A client that offers only {@code snappy}, which Micronaut's compressor also speaks: the agent
   * cannot decode that coding, so the stream is recorded with its coding, counted and timed, its
   * events not seen, and its compressed bytes still keep it from looking idle.
   */
  @Test
  void aSnappyStreamIsCountedAndTimedAndIsNotIdle() throws Exception {
    String url = "/sse/stream?n=30&pause=100&case=snappy";
    HttpResponse<byte[]> response =
        client.send(
            request(url).header("Accept-Encoding", "snappy").build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.headers().firstValue("content-encoding")).hasValue("snappy");

    Telemetry t = app.telemetry();
    String id = AgentContract.awaitValue(() -> t.streamId(url));
    Map<String, Object> end = AgentContract.awaitValue(() -> t.end(id));
    assertThat(end)
        .containsEntry("close_reason", "completed")
        .containsEntry("events", BigDecimal.ZERO)
        .containsEntry("bytes", BigDecimal.valueOf(response.body().length));
    // The rules the stream tripped, whether its alerts were exported or grouped with an earlier
    // stream's of the same route.
    assertThat(alertRules(end))
        .contains("content_encoding")
        .doesNotContain("gap_warning", "gap_critical", "no_heartbeats");
    assertNothingLeaked();
  }

  @Test
  void theStartupLineSaysNettyIsInstrumented() {
    assertThat(app.stderr().lines().filter(l -> l.startsWith("[ssewatch] agent ")))
        .singleElement()
        .asString()
        .contains("found netty http: instrumented");
  }
}
