package dev.ssewatch.agent.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;

/** Undertow core's compression scenarios on a JDK 25; skipped, visibly, where none is installed. */
class UndertowCompressionOnJava25AgentIT extends UndertowCompressionAgentIT {

  @Override
  Path java() {
    Path java = ChildJvm.java25().orElse(null);
    assumeTrue(java != null, "no JDK 25 found (set JAVA25_HOME)");
    return java;
  }
}
