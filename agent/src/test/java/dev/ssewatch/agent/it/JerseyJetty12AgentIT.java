package dev.ssewatch.agent.it;

import dev.ssewatch.agent.apps.JaxRsSseResource;

/** JAX-RS SSE through Jersey 3.1's {@code ServletContainer} on Jetty 12 (ee10). */
class JerseyJetty12AgentIT extends AgentContract {

  @Override
  ChildJvm startApp() throws Exception {
    return ChildJvm.start(classpath(), "dev.ssewatch.agent.apps.JerseyJetty12App");
  }

  static java.util.List<java.nio.file.Path> classpath() {
    return ChildJvm.testClasspath(
        "jetty-",
        "jersey-",
        "hk2-",
        "aopalliance-",
        "javassist-",
        "osgi-resource-locator-",
        "jakarta.",
        "slf4j-api-");
  }

  @Override
  String expectedEvent(String canary, int i) {
    return JaxRsSseResource.event(canary, i);
  }
}
