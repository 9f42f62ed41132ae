package dev.ssewatch.agent.it;

/**
 * Jetty 12 (ee10) behind Jetty's own {@code GzipHandler}, compressing event streams with a sync
 * flush at each flush.
 */
class Jetty12GzipHandlerAgentIT extends ContainerCompressionCase {

  @Override
  ChildJvm start(ChildJvm.Options options) throws Exception {
    return ChildJvm.start(
        options,
        ChildJvm.testClasspath("jetty-", "jakarta.servlet-api-", "slf4j-api-"),
        "dev.ssewatch.agent.apps.Jetty12App",
        "gzip-handler");
  }

  @Override
  String casePrefix() {
    return "gzip-handler";
  }
}
