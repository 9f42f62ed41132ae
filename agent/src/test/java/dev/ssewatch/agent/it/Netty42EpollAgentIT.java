package dev.ssewatch.agent.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The plain Netty 4.2 server on the native epoll transport, whose reads, writes and closes are its
 * own code rather than NIO's; skipped, visibly, where the build's linux-x86_64 native library
 * cannot load.
 */
class Netty42EpollAgentIT extends AgentContract
    implements BufferingContract, PlainNettyCloseContract {

  @Override
  public AgentContract contract() {
    return this;
  }

  @Override
  ChildJvm startApp() throws Exception {
    assumeTrue(
        System.getProperty("os.name").equals("Linux")
            && System.getProperty("os.arch").equals("amd64"),
        "native epoll is on the test class path for linux-x86_64 only");
    return ChildJvm.start(
        ChildJvm.testClasspath("netty-"), "dev.ssewatch.agent.apps.NettyApp", "epoll");
  }
}
