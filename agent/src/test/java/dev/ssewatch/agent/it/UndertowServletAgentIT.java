package dev.ssewatch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Undertow's servlet layer: recorded by the servlet instrumentation, and once only, although its
 * bytes also pass the Undertow core channel the core instrumentation reads.
 */
class UndertowServletAgentIT extends ServletContainerContract {

  @Override
  ChildJvm startApp() throws Exception {
    return ChildJvm.start(
        ChildJvm.testClasspath(
            "undertow-",
            "xnio-",
            "jboss-",
            "wildfly-",
            "jakarta.servlet-api-",
            "jakarta.annotation-api-"),
        "dev.ssewatch.agent.apps.UndertowServletApp");
  }

  @Test
  void recordsEachStreamOnce() throws Exception {
    for (String url :
        new String[] {"/sse/stream?n=2&case=once", "/sse/async?n=2&case=once-async"}) {
      assertCompletedStream(url, 2);
      assertThat(telemetry().records())
          .filteredOn(r -> "stream_start".equals(r.get("record")) && url.equals(r.get("url")))
          .hasSize(1);
    }
  }
}
