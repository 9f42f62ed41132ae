package dev.ssewatch.agent.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;

/**
 * The plain Netty 4.1 server on the native epoll transport, as Reactor Netty runs on Linux when the
 * native library is on the class path: reads, writes and closes are epoll's own code rather than
 * NIO's. On its own class path of one 4.1 release with its linux-x86_64 library; skipped, visibly,
 * elsewhere.
 */
class Netty41EpollAgentIT extends AgentContract
    implements BufferingContract, PlainNettyCloseContract {

  @Override
  public AgentContract contract() {
    return this;
  }

  /** The Java to run the server on. */
  Path java() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  @Override
  ChildJvm startApp() throws Exception {
    assumeTrue(
        System.getProperty("os.name").equals("Linux")
            && System.getProperty("os.arch").equals("amd64"),
        "native epoll is on the Netty 4.1 class path for linux-x86_64 only");
    return ChildJvm.start(
        new ChildJvm.Options().java(java()),
        ChildJvm.copiedClasspath("netty41-epoll"),
        "dev.ssewatch.agent.apps.NettyApp",
        "epoll");
  }
}
