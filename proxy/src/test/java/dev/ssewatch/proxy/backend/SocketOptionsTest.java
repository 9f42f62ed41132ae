package dev.ssewatch.proxy.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ssewatch.proxy.Route;
import dev.ssewatch.proxy.RouteOptions;
import dev.ssewatch.proxy.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Keepalive and the other socket options, read back from real loopback sockets. */
class SocketOptionsTest {

  private static final WriteBufferWaterMark MARKS = new WriteBufferWaterMark(1000, 2000);
  private EventLoopGroup group;
  private Channel server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close().syncUninterruptibly();
    }
    if (group != null) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void bothConnectionsOfAStreamGetKeepaliveUnderTheIdleBudget(Transport transport)
      throws Exception {
    assumeTrue(transport.isAvailable(), () -> transport + ": " + transport.unavailabilityCause());
    group = new MultiThreadIoEventLoopGroup(1, transport.ioHandlerFactory());
    Duration budget = Duration.ofSeconds(40);
    BlockingQueue<Channel> accepted = new ArrayBlockingQueue<>(1);
    ServerBootstrap sb =
        new ServerBootstrap()
            .group(group)
            .channelFactory(transport.listeners())
            .childHandler(
                new ChannelInitializer<>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    accepted.add(ch);
                  }
                });
    SocketOptions.applyToChildren(sb, transport, budget, MARKS);
    server = sb.bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    int port = ((InetSocketAddress) server.localAddress()).getPort();

    // The backend side goes through the connector itself, as the proxy opens it.
    Route route =
        Route.all(
            URI.create("http://127.0.0.1:" + port), RouteOptions.defaults().withIdleBudget(budget));
    BackendConnector connector = new BackendConnector(transport, MARKS);
    Channel backend = connector.connect(route, group.next(), new Ignoring()).sync().channel();
    Channel client = accepted.poll(30, TimeUnit.SECONDS);
    try {
      assertThat(client).isNotNull();
      for (Channel ch : new Channel[] {client, backend}) {
        assertThat(ch.config().getOption(ChannelOption.SO_KEEPALIVE)).isTrue();
        assertThat(ch.config().getOption(ChannelOption.TCP_NODELAY)).isTrue();
        assertThat(ch.config().getOption(ChannelOption.WRITE_BUFFER_WATER_MARK)).isSameAs(MARKS);
        if (SocketOptions.keepAliveIdleSupported(transport)) {
          assertThat(ch.config().getOption(transport.keepAliveIdle())).isEqualTo(20);
          assertThat(ch.config().getOption(transport.keepAliveInterval())).isEqualTo(5);
          assertThat(ch.config().getOption(transport.keepAliveCount())).isEqualTo(4);
        }
      }
    } finally {
      backend.close().syncUninterruptibly();
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void epollAndLinuxNioCanSetTheKeepaliveTiming(Transport transport) {
    assumeTrue(transport.isAvailable(), () -> transport + ": " + transport.unavailabilityCause());
    assumeTrue(System.getProperty("os.name").startsWith("Linux"), "Linux only");
    assertThat(SocketOptions.keepAliveIdleSupported(transport)).isTrue();
  }

  private static final class Ignoring implements BackendListener {
    @Override
    public void onBackendMessage(Channel backend, Object msg) {
      io.netty.util.ReferenceCountUtil.release(msg);
    }

    @Override
    public void onBackendReadComplete(Channel backend) {}

    @Override
    public void onBackendWritabilityChanged(Channel backend) {}

    @Override
    public void onBackendInactive(Channel backend) {}
  }
}
