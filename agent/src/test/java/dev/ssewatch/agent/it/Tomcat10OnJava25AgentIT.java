package dev.ssewatch.agent.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;

/** Tomcat 10.1 scenarios on the Temurin 25 JDK; skipped, visibly, where it is not installed. */
class Tomcat10OnJava25AgentIT extends ServletContainerContract {

  @Override
  ChildJvm startApp() throws Exception {
    Path java = ChildJvm.java25().orElse(null);
    assumeTrue(java != null, "Temurin 25 not present");
    return ChildJvm.start(
        new ChildJvm.Options().java(java),
        ChildJvm.testClasspath("tomcat-embed-core-", "tomcat-annotations-api-"),
        "dev.ssewatch.agent.apps.TomcatApp",
        "jakarta");
  }
}
