package dev.ssewatch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Undertow core: blocking handlers and {@code ServerSentEventHandler}, no servlets. */
class UndertowAgentIT extends ServerFamilyContract {

  @Override
  ChildJvm startApp() throws Exception {
    return ChildJvm.start(
        ChildJvm.testClasspath("undertow-core-", "xnio-", "jboss-", "wildfly-"),
        "dev.ssewatch.agent.apps.UndertowApp");
  }

  @Test
  void recordsTheEventsOfTheServerSentEventHandler() throws Exception {
    assertRecordedEvents("/sse/handler/stream?n=4&case=handler", 4);
  }

  @Test
  void recordsAClientDisconnectFromTheServerSentEventHandlerAsClientAbort() throws Exception {
    assertClientAbort("/sse/handler/forever?case=handler-abort");
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
