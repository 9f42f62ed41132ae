package dev.ssewatch.agent.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;

/** Jetty's GzipHandler scenarios on a JDK 25; skipped, visibly, where none is installed. */
class Jetty12GzipHandlerOnJava25AgentIT extends Jetty12GzipHandlerAgentIT {

  @Override
  Path java() {
    Path java = ChildJvm.java25().orElse(null);
    assumeTrue(java != null, "no JDK 25 found (set JAVA25_HOME)");
    return java;
  }
}
