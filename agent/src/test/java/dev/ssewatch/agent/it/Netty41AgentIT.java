package dev.ssewatch.agent.it;

/** The same plain Netty server on Netty 4.1. */
class Netty41AgentIT extends AgentContract implements BufferingContract, PlainNettyCloseContract {

  @Override
  public AgentContract contract() {
    return this;
  }

  @Override
  ChildJvm startApp() throws Exception {
    return ChildJvm.start(ChildJvm.copiedClasspath("netty41"), "dev.ssewatch.agent.apps.NettyApp");
  }
}
