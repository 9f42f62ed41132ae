package dev.ssewatch.agent.it;

import org.junit.jupiter.api.Test;

/**
 * The JDK's own HTTP server, {@code com.sun.net.httpserver}: plain handlers, and JAX-RS on it
 * (Jersey's {@code jersey-container-jdk-http}, which cannot suspend a request and so serves event
 * streams written synchronously, not {@code SseEventSink}).
 */
class JdkHttpAgentIT extends ServerFamilyContract {

  @Override
  ChildJvm startApp() throws Exception {
    return ChildJvm.start(JerseyClasspath.with(), "dev.ssewatch.agent.apps.JerseyJdkHttpApp");
  }

  @Test
  void recordsAnEventStreamOfJaxRs() throws Exception {
    assertCompletedStream("/jersey/streaming?n=4&case=jersey", 4);
  }

  @Test
  void recordsAClientDisconnectFromJaxRsAsClientAbort() throws Exception {
    assertClientAbort("/jersey/streaming-forever?case=jersey-abort");
  }
}
