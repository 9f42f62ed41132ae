package dev.ssewatch.agent.it;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Undertow core over HTTP/2 ({@code ENABLE_HTTP2}, h2c): the blocking handlers and {@code
 * ServerSentEventHandler}. A cancelled stream leaves its connection open, and Undertow terminates
 * its exchange as it does a finished one.
 */
class UndertowH2AgentIT extends Http2Contract {

  Path java() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  @Override
  ChildJvm startApp() throws Exception {
    return ChildJvm.start(
        new ChildJvm.Options().java(java()),
        ChildJvm.testClasspath("undertow-core-", "xnio-", "jboss-", "wildfly-"),
        "dev.ssewatch.agent.apps.UndertowApp",
        "h2c");
  }

  @Test
  void recordsTheEventsOfTheServerSentEventHandler() throws Exception {
    assertRecordedEvents("/sse/handler/stream?n=4&case=h2-handler", 4);
  }

  @Test
  void aClientThatCancelsTheServerSentEventHandlersStreamIsAClientAbort() throws Exception {
    assertClientAbort("/sse/handler/forever?case=h2-handler-abort");
  }
}
