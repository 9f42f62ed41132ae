package dev.ssewatch.agent.it;

/** Embedded Tomcat 9, {@code javax.servlet}, on its own class path. */
class Tomcat9AgentIT extends ServletContainerContract {

  @Override
  ChildJvm startApp() throws Exception {
    return ChildJvm.start(
        ChildJvm.copiedClasspath("tomcat9"), "dev.ssewatch.agent.apps.TomcatApp", "javax");
  }
}
