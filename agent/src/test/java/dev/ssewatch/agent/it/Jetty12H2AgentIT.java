package dev.ssewatch.agent.it;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Jetty 12 (ee10) serving the servlet over HTTP/2 ({@code HTTP2CServerConnectionFactory}, h2c). */
class Jetty12H2AgentIT extends Http2ServletContract {

  Path java() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  @Override
  ChildJvm startApp() throws Exception {
    return ChildJvm.start(
        new ChildJvm.Options().java(java()),
        ChildJvm.testClasspath("jetty-", "jakarta.servlet-api-", "slf4j-api-"),
        "dev.ssewatch.agent.apps.Jetty12App",
        "h2c");
  }

  /** Non-blocking output learns of the cancelled stream through {@code WriteListener.onError}. */
  @Test
  void aClientThatCancelsANonBlockingStreamIsAClientAbort() throws Exception {
    assertClientAbort("/sse/forever-nonblocking?case=h2-nonblocking-abort");
  }
}
