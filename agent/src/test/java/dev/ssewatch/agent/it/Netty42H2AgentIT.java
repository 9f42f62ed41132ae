package dev.ssewatch.agent.it;

import java.nio.file.Path;

/** The plain Netty server's HTTP/2 streams (see {@link Netty41H2AgentIT}) on Netty 4.2. */
class Netty42H2AgentIT extends Http2Contract implements NettyCloseContract {

  @Override
  public AgentContract contract() {
    return this;
  }

  Path java() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  @Override
  ChildJvm startApp() throws Exception {
    return ChildJvm.start(
        new ChildJvm.Options().java(java()),
        ChildJvm.testClasspath("netty-"),
        "dev.ssewatch.agent.apps.NettyApp",
        "h2c");
  }
}
