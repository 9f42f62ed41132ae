package dev.ssewatch.agent.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;

/**
 * The Jetty 12.1 scenarios (its {@code GzipHandler} and a plain stream) on a JDK 25; skipped,
 * visibly, where none is installed.
 */
class Jetty121GzipHandlerOnJava25AgentIT extends Jetty121GzipHandlerAgentIT {

  @Override
  Path java() {
    Path java = ChildJvm.java25().orElse(null);
    assumeTrue(java != null, "no JDK 25 found (set JAVA25_HOME)");
    return java;
  }
}
