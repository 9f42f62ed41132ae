package dev.ssewatch.agent.it;

import org.junit.jupiter.api.Test;

/** What Grizzly's handler API adds to the scenarios of every server family. */
interface GrizzlyContract {

  AgentContract contract();

  @Test
  default void recordsEventsWrittenAsGrizzlyBuffers() throws Exception {
    contract().assertCompletedStream("/sse/grizzly-buffer?n=4&case=grizzly-buffer", 4);
  }
}
