package dev.ssewatch.agent.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;

/** {@link Vertx5AgentIT}'s scenarios on a JDK 25; skipped, visibly, where none is installed. */
class Vertx5OnJava25AgentIT extends Vertx5AgentIT {

  @Override
  Path java() {
    Path java = ChildJvm.java25().orElse(null);
    assumeTrue(java != null, "no JDK 25 found (set JAVA25_HOME)");
    return java;
  }
}
