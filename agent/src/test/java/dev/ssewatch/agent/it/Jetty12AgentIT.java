package dev.ssewatch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Embedded Jetty 12 (ee10), {@code jakarta.servlet}. */
class Jetty12AgentIT extends ServletContainerContract {

  @Override
  ChildJvm startApp() throws Exception {
    return ChildJvm.start(
        ChildJvm.testClasspath("jetty-", "jakarta.servlet-api-", "slf4j-api-"),
        "dev.ssewatch.agent.apps.Jetty12App");
  }

  /**
   * Jetty tells non-blocking output that the client went away only through {@code
   * WriteListener.onError}, never as an exception from a write.
   */
  @Test
  void recordsAClientDisconnectSeenByNonBlockingOutputAsClientAbort() throws Exception {
    assertClientAbort("/sse/forever-nonblocking?case=nonblocking-abort");
  }

  @Test
  void theStartupLineNamesTheServerFamiliesOnTheClassPath() {
    assertThat(app().stderr().lines().filter(l -> l.startsWith("[ssewatch] agent ")))
        .singleElement()
        .asString()
        .contains("; found jakarta.servlet: instrumented;");
  }
}
