package dev.ssewatch.agent.it;

/**
 * A Reactor Netty 1.2 {@code HttpServer} (on Netty 4.1) serving HTTP/2 over cleartext, as Spring
 * WebFlux with {@code server.http2.enabled}: each stream in a child channel of its own.
 */
class ReactorNettyH2AgentIT extends Http2Contract implements NettyCloseContract {

  @Override
  public AgentContract contract() {
    return this;
  }

  @Override
  ChildJvm startApp() throws Exception {
    return ChildJvm.start(
        ChildJvm.copiedClasspath("netty41"), "dev.ssewatch.agent.apps.ReactorNettyApp", "h2c");
  }
}
