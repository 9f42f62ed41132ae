package dev.ssewatch.agent.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;

/** Grizzly's servlet layer on a JDK 25; skipped, visibly, where none is installed. */
class GrizzlyServletOnJava25AgentIT extends GrizzlyServletAgentIT {

  @Override
  ChildJvm startApp() throws Exception {
    Path java = ChildJvm.java25().orElse(null);
    assumeTrue(java != null, "no JDK 25 found (set JAVA25_HOME)");
    return ChildJvm.start(
        new ChildJvm.Options().java(java),
        ChildJvm.testClasspath("grizzly-", "jakarta.servlet-api-"),
        "dev.ssewatch.agent.apps.GrizzlyServletApp");
  }
}
