package dev.ssewatch.agent.it;

/**
 * Undertow's servlet layer behind Undertow's {@code EncodingHandler} gzipping event streams (Spring
 * Boot's {@code server.compression.enabled=true} on Undertow).
 */
class UndertowServletCompressionAgentIT extends ContainerCompressionCase {

  @Override
  ChildJvm start(ChildJvm.Options options) throws Exception {
    return ChildJvm.start(
        options,
        ChildJvm.testClasspath(
            "undertow-",
            "xnio-",
            "jboss-",
            "wildfly-",
            "jakarta.servlet-api-",
            "jakarta.annotation-api-"),
        "dev.ssewatch.agent.apps.UndertowServletApp",
        "compression");
  }

  @Override
  String casePrefix() {
    return "undertow-gzip";
  }

  /**
   * Undertow breaks the connection of a committed response whose asynchronous request timed out,
   * and the close that follows fails with an {@code IOException}: the stream ends, but that reads
   * as the client's going away (a known limit).
   */
  @Override
  String asyncTimeoutEnd() {
    return "client_abort";
  }
}
