package dev.ssewatch.agent.it;

import org.junit.jupiter.api.Test;

/** Grizzly's HTTP server: its own handler API, and Jersey's SSE on it. */
class GrizzlyAgentIT extends ServerFamilyContract implements GrizzlyContract {

  @Override
  ChildJvm startApp() throws Exception {
    return ChildJvm.start(JerseyClasspath.with("grizzly-"), "dev.ssewatch.agent.apps.GrizzlyApp");
  }

  @Test
  void recordsTheEventsOfJerseySse() throws Exception {
    assertRecordedEvents("/jersey/stream?n=4&case=jersey", 4);
  }

  @Test
  void recordsAClientDisconnectFromJerseySseAsClientAbort() throws Exception {
    assertClientAbort("/jersey/forever?case=jersey-abort");
  }
}
