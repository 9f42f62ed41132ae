package dev.ssewatch.agent.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;

/** Tomcat 10.1 scenarios on a JDK 25; skipped, visibly, where none is installed. */
class Tomcat10OnJava25AgentIT extends ServletContainerContract {

  @Override
  ChildJvm startApp() throws Exception {
    Path java = ChildJvm.java25().orElse(null);
    assumeTrue(java != null, "no JDK 25 found (set JAVA25_HOME)");
    return ChildJvm.start(
        new ChildJvm.Options().java(java),
        ChildJvm.testClasspath("tomcat-embed-core-", "tomcat-annotations-api-"),
        "dev.ssewatch.agent.apps.TomcatApp",
        "jakarta");
  }
}
