package dev.ssewatch.proxy.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ssewatch.proxy.Route;
import dev.ssewatch.proxy.RouteOptions;
import dev.ssewatch.proxy.Transport;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Backend connections made through one connector's reused bootstraps. */
class BackendConnectorTest {

  private EventLoopGroup group;

  @AfterEach
  void stop() {
    if (group != null) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void everyConnectionOfALoopGetsTheCodecAheadOfItsOwnHandler(Transport transport)
      throws Exception {
    assumeTrue(transport.isAvailable(), () -> transport + ": " + transport.unavailabilityCause());
    group = new MultiThreadIoEventLoopGroup(2, transport.ioHandlerFactory());
    List<Socket> accepted = new ArrayList<>();
    try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      Route route =
          Route.all(
              URI.create("http://127.0.0.1:" + server.getLocalPort()), RouteOptions.defaults());
      BackendConnector connector =
          new BackendConnector(transport, new WriteBufferWaterMark(1000, 2000));
      List<Channel> channels = new ArrayList<>();
      // Two loops, three connections each: the later ones reuse that loop's bootstrap. Made from
      // outside the loop too, where the channel registers only after connect has returned.
      for (int i = 0; i < 6; i++) {
        EventLoop loop = group.next();
        ChannelFuture f =
            i < 4
                ? loop.submit(() -> connector.connect(route, loop, new Ignoring()))
                    .get(30, TimeUnit.SECONDS)
                : connector.connect(route, loop, new Ignoring());
        Channel ch = f.sync().channel();
        channels.add(ch);
        accepted.add(server.accept());
      }
      for (Channel ch : channels) {
        assertThat(ch.pipeline().names()).startsWith("http", "backend");
        ch.close().syncUninterruptibly();
      }
    } finally {
      for (Socket s : accepted) {
        s.close();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void connectionsToAnIpLiteralShareOneHostString(Transport transport) throws Exception {
    assumeTrue(transport.isAvailable(), () -> transport + ": " + transport.unavailabilityCause());
    group = new MultiThreadIoEventLoopGroup(1, transport.ioHandlerFactory());
    List<Socket> accepted = new ArrayList<>();
    try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      Route route =
          Route.all(
              URI.create("http://127.0.0.1:" + server.getLocalPort()), RouteOptions.defaults());
      BackendConnector connector =
          new BackendConnector(transport, new WriteBufferWaterMark(1000, 2000));
      EventLoop loop = group.next();
      List<Channel> channels = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        channels.add(
            loop.submit(() -> connector.connect(route, loop, new Ignoring()))
                .get(30, TimeUnit.SECONDS)
                .sync()
                .channel());
        accepted.add(server.accept());
      }
      InetSocketAddress first = (InetSocketAddress) channels.get(0).remoteAddress();
      InetSocketAddress second = (InetSocketAddress) channels.get(1).remoteAddress();
      assertThat(first.getHostString()).isEqualTo("127.0.0.1");
      assertThat(first.getPort()).isEqualTo(server.getLocalPort());
      // One string for every connection an open stream keeps, not one per connection.
      assertThat(second.getHostString()).isSameAs(first.getHostString());
      for (Channel ch : channels) {
        ch.close().syncUninterruptibly();
      }
    } finally {
      for (Socket s : accepted) {
        s.close();
      }
    }
  }

  @Test
  void aHostNameIsLeftToBeResolvedForEachConnection() {
    Route byName = Route.all(URI.create("http://localhost:8080"), RouteOptions.defaults());
    assertThat(BackendConnector.remoteAddress(byName).isUnresolved()).isTrue();
    Route v6 = Route.all(URI.create("http://[::1]:8080"), RouteOptions.defaults());
    InetSocketAddress a = BackendConnector.remoteAddress(v6);
    assertThat(a.isUnresolved()).isFalse();
    assertThat(a.getAddress().isLoopbackAddress()).isTrue();
    assertThat(a.getHostString()).isEqualTo("::1");
  }

  private static final class Ignoring implements BackendListener {
    @Override
    public void onBackendMessage(Channel backend, Object msg) {
      ReferenceCountUtil.release(msg);
    }

    @Override
    public void onBackendReadComplete(Channel backend) {}

    @Override
    public void onBackendWritabilityChanged(Channel backend) {}

    @Override
    public void onBackendInactive(Channel backend) {}
  }
}
