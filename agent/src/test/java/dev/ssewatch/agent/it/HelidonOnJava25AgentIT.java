package dev.ssewatch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Helidon 4 SE's web server with {@code SseSink}, on a JDK 25 (Helidon needs 21); skipped, visibly,
 * where none is installed. The application is compiled by the JDK's source launcher: the build
 * compiles for 17.
 */
class HelidonOnJava25AgentIT extends AgentContract {

  @Override
  ChildJvm startApp() throws Exception {
    Path java = ChildJvm.java25().orElse(null);
    assumeTrue(java != null, "no JDK 25 found (set JAVA25_HOME)");
    Path app =
        Path.of(System.getProperty("basedir", ""), "src", "test", "java21", "HelidonApp.java");
    return ChildJvm.start(
        new ChildJvm.Options().java(java),
        ChildJvm.testClasspath("helidon-"),
        app.toAbsolutePath().toString());
  }

  /** The sink formats events itself ({@code id:1}, no space), so the bytes are not compared. */
  @Override
  @Test
  void recordsEveryEventOfAStreamWithItsMetadata() throws Exception {
    assertRecordedEvents("/sse/stream?n=5&case=stream", 5);
  }

  @Test
  void responsesThatAreNotEventStreamsAreNotRecorded() throws Exception {
    HttpResponse<String> plain =
        client().send(request("/sse/plain?case=plain"), HttpResponse.BodyHandlers.ofString());
    assertThat(plain.body()).isEqualTo("not an event stream");
    assertRecordedEvents("/sse/stream?n=1&case=after-plain", 1);
    assertThat(telemetry().records())
        .noneSatisfy(r -> assertThat(r.get("url")).isEqualTo("/sse/plain?case=plain"));
  }
}
