package dev.ssewatch.agent.it;

/** Embedded Tomcat 10.1, {@code jakarta.servlet}. */
class Tomcat10AgentIT extends ServletContainerContract {

  @Override
  ChildJvm startApp() throws Exception {
    return ChildJvm.start(
        ChildJvm.testClasspath("tomcat-embed-core-", "tomcat-annotations-api-"),
        "dev.ssewatch.agent.apps.TomcatApp",
        "jakarta");
  }
}
