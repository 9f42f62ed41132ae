package dev.ssewatch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Grizzly's servlet layer: recorded by the servlet instrumentation, and once only, although its
 * bytes also pass the Grizzly {@code OutputBuffer} the Grizzly instrumentation reads.
 */
class GrizzlyServletAgentIT extends ServletContainerContract {

  @Override
  ChildJvm startApp() throws Exception {
    return ChildJvm.start(
        ChildJvm.testClasspath("grizzly-", "jakarta.servlet-api-"),
        "dev.ssewatch.agent.apps.GrizzlyServletApp");
  }

  @Test
  void recordsEachStreamOnce() throws Exception {
    for (String url :
        new String[] {
          "/sse/stream?n=2&case=once",
          "/sse/async?n=2&case=once-async",
          "/sse/writer?n=2&case=once-writer"
        }) {
      assertCompletedStream(url, 2);
      assertThat(telemetry().records())
          .filteredOn(r -> "stream_start".equals(r.get("record")) && url.equals(r.get("url")))
          .hasSize(1);
    }
  }
}
