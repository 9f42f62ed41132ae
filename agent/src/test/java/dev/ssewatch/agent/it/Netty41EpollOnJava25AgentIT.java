package dev.ssewatch.agent.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;

/** Netty 4.1 on native epoll on a JDK 25; skipped, visibly, where none is installed. */
class Netty41EpollOnJava25AgentIT extends Netty41EpollAgentIT {

  @Override
  Path java() {
    Path java = ChildJvm.java25().orElse(null);
    assumeTrue(java != null, "no JDK 25 found (set JAVA25_HOME)");
    return java;
  }
}
