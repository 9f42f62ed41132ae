package dev.ssewatch.agent.it;

/**
 * The plain Netty 4.2 server on the native epoll transport, whose reads, writes and closes are its
 * own code rather than NIO's.
 */
class Netty42EpollAgentIT extends AgentContract
    implements BufferingContract, PlainNettyCloseContract {

  @Override
  public AgentContract contract() {
    return this;
  }

  @Override
  ChildJvm startApp() throws Exception {
    return ChildJvm.start(
        ChildJvm.testClasspath("netty-"), "dev.ssewatch.agent.apps.NettyApp", "epoll");
  }
}
