package dev.ssewatch.agent.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;

/** The Tomcat 10.1 HTTP/2 scenarios on a JDK 25; skipped, visibly, where none is installed. */
class Tomcat10H2OnJava25AgentIT extends Tomcat10H2AgentIT {

  @Override
  Path java() {
    Path java = ChildJvm.java25().orElse(null);
    assumeTrue(java != null, "no JDK 25 found (set JAVA25_HOME)");
    return java;
  }
}
