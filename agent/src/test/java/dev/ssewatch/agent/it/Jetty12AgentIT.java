package dev.ssewatch.agent.it;

/** Embedded Jetty 12 (ee10), {@code jakarta.servlet}. */
class Jetty12AgentIT extends ServletContainerContract {

  @Override
  ChildJvm startApp() throws Exception {
    return ChildJvm.start(
        ChildJvm.testClasspath("jetty-", "jakarta.servlet-api-", "slf4j-api-"),
        "dev.ssewatch.agent.apps.Jetty12App");
  }
}
