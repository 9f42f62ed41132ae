package dev.ssewatch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Helidon 4 SE's web server with event streams written through {@code res.outputStream()} rather
 * than a sink, on a JDK 25 (Helidon needs 21); skipped, visibly, where none is installed.
 */
class HelidonOutputStreamOnJava25AgentIT extends ServerFamilyContract {

  @Override
  ChildJvm startApp() throws Exception {
    Path java = ChildJvm.java25().orElse(null);
    assumeTrue(java != null, "no JDK 25 found (set JAVA25_HOME)");
    Path app =
        Path.of(System.getProperty("basedir", ""), "src", "test", "java21", "HelidonApp.java");
    return ChildJvm.start(
        new ChildJvm.Options().java(java),
        ChildJvm.testClasspath("helidon-"),
        app.toAbsolutePath().toString(),
        "output");
  }

  @Test
  void recordsEachStreamOnce() throws Exception {
    String url = "/sse/stream?n=2&case=once";
    assertCompletedStream(url, 2);
    assertThat(telemetry().records())
        .filteredOn(r -> "stream_start".equals(r.get("record")) && url.equals(r.get("url")))
        .hasSize(1);
  }
}
