package dev.ssewatch.agent.it;

/** A Reactor Netty 1.2 {@code HttpServer} (on Netty 4.1), as under Spring WebFlux. */
class ReactorNettyAgentIT extends AgentContract implements NettyCloseContract {

  @Override
  public AgentContract contract() {
    return this;
  }

  @Override
  ChildJvm startApp() throws Exception {
    return ChildJvm.start(
        ChildJvm.copiedClasspath("netty41"), "dev.ssewatch.agent.apps.ReactorNettyApp");
  }
}
