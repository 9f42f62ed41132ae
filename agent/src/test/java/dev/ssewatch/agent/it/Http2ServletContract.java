package dev.ssewatch.agent.it;

import org.junit.jupiter.api.Test;

/** Servlet streams over HTTP/2: through the writer and from an {@code AsyncContext} too. */
abstract class Http2ServletContract extends Http2Contract {

  @Test
  void recordsEventsWrittenThroughTheWriter() throws Exception {
    assertCompletedStream("/sse/writer?n=4&case=h2-writer", 4);
  }

  @Test
  void recordsEventsWrittenFromAnAsyncContext() throws Exception {
    assertCompletedStream("/sse/async?n=3&case=h2-async", 3);
  }

  @Test
  void aClientThatCancelsItsStreamThroughTheWriterIsAClientAbort() throws Exception {
    assertClientAbort("/sse/forever-writer?case=h2-writer-abort");
  }
}
