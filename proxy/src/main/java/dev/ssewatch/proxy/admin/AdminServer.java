package dev.ssewatch.proxy.admin;

import dev.ssewatch.core.stream.StreamSnapshot;
import dev.ssewatch.proxy.Transport;
import dev.ssewatch.proxy.admin.live.LiveHub;
import dev.ssewatch.proxy.frontend.AcceptGuard;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Supplier;

/**
 * The admin listener; loopback by default, since it shows every open stream's metadata. Serves the
 * live page and its feed ({@link LiveHub}) and {@code /healthz}, {@code /metrics}, {@code
 * /streams}, each behind the {@link AdminGate} (own host names only, the token when configured).
 */
public final class AdminServer implements AutoCloseable {

  /** Connections the admin listener keeps open at once: scrapers, live pages, health checks. */
  static final int MAX_CONNECTIONS = 256;

  private final Channel channel;

  private AdminServer(Channel channel) {
    this.channel = channel;
  }

  public static AdminServer start(
      InetSocketAddress address,
      EventLoopGroup group,
      Transport transport,
      ProxyMetrics metrics,
      Supplier<List<StreamSnapshot>> streams,
      Supplier<String> healthProblem,
      AdminAccess access,
      LiveHub live)
      throws InterruptedException {
    live.start(group);
    AdminGate gate = new AdminGate(access, metrics);
    Channel ch =
        new ServerBootstrap()
            .group(group)
            .channelFactory(transport.listeners())
            .handler(new AcceptGuard(MAX_CONNECTIONS, metrics, false))
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel c) {
                    c.pipeline()
                        .addLast(new HttpServerCodec())
                        .addLast(new HttpObjectAggregator(8192))
                        .addLast(gate)
                        // Requests are aggregated, responses are not: the live feed streams.
                        .addLast(live.handler())
                        .addLast(new AdminHandler(metrics, streams, healthProblem));
                  }
                })
            .bind(address)
            .sync()
            .channel();
    return new AdminServer(ch);
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) channel.localAddress();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
  }
}
