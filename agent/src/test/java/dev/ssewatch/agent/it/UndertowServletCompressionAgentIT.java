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
}
