package dev.ssewatch.agent.it;

/**
 * A plain Netty 4.1 server serving HTTP/2 over cleartext ({@code Http2FrameCodec}, {@code
 * Http2MultiplexHandler}, {@code Http2StreamFrameToHttpObjectCodec} in each stream's channel, as
 * Reactor Netty's HTTP/2 server), reached through an h2c upgrade.
 */
class Netty41H2AgentIT extends Http2Contract implements NettyCloseContract {

  @Override
  public AgentContract contract() {
    return this;
  }

  @Override
  ChildJvm startApp() throws Exception {
    return ChildJvm.start(
        ChildJvm.copiedClasspath("netty41"), "dev.ssewatch.agent.apps.NettyApp", "h2c");
  }
}
