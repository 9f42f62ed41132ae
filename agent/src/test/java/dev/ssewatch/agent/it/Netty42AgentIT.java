package dev.ssewatch.agent.it;

/** A plain Netty 4.2 server ({@code HttpServerCodec}). */
class Netty42AgentIT extends AgentContract implements BufferingContract, PlainNettyCloseContract {

  @Override
  public AgentContract contract() {
    return this;
  }

  @Override
  ChildJvm startApp() throws Exception {
    return ChildJvm.start(ChildJvm.testClasspath("netty-"), "dev.ssewatch.agent.apps.NettyApp");
  }
}
