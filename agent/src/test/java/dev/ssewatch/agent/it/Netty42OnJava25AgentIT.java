package dev.ssewatch.agent.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;

/** The Netty 4.2 scenarios on a JDK 25; skipped, visibly, where none is installed. */
class Netty42OnJava25AgentIT extends AgentContract
    implements BufferingContract, PlainNettyCloseContract {

  @Override
  public AgentContract contract() {
    return this;
  }

  @Override
  ChildJvm startApp() throws Exception {
    Path java = ChildJvm.java25().orElse(null);
    assumeTrue(java != null, "no JDK 25 found (set JAVA25_HOME)");
    return ChildJvm.start(
        new ChildJvm.Options().java(java),
        ChildJvm.testClasspath("netty-"),
        "dev.ssewatch.agent.apps.NettyApp");
  }
}
