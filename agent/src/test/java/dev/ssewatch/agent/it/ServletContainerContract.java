package dev.ssewatch.agent.it;

import org.junit.jupiter.api.Test;

/** The servlet scenarios: output stream and writer, synchronous and with {@code AsyncContext}. */
abstract class ServletContainerContract extends AgentContract implements BufferingContract {

  @Override
  public AgentContract contract() {
    return this;
  }

  @Test
  void recordsEventsWrittenThroughTheWriter() throws Exception {
    assertCompletedStream("/sse/writer?n=4&case=writer", 4);
  }

  @Test
  void recordsEventsWrittenFromAnAsyncContext() throws Exception {
    assertCompletedStream("/sse/async?n=3&case=async", 3);
  }

  @Test
  void recordsAClientDisconnectSeenThroughTheWriterAsClientAbort() throws Exception {
    assertClientAbort("/sse/forever-writer?case=writer-abort");
  }
}
