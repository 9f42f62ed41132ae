package dev.ssewatch.agent.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;

/** The Undertow core HTTP/2 scenarios on a JDK 25; skipped, visibly, where none is installed. */
class UndertowH2OnJava25AgentIT extends UndertowH2AgentIT {

  @Override
  Path java() {
    Path java = ChildJvm.java25().orElse(null);
    assumeTrue(java != null, "no JDK 25 found (set JAVA25_HOME)");
    return java;
  }
}
