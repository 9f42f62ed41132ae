package dev.ssewatch.proxy.admin;

import dev.ssewatch.core.stream.StreamSnapshot;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** The admin listener; loopback by default, since it shows every open stream's metadata. */
public final class AdminServer implements AutoCloseable {

  private final Channel channel;

  private AdminServer(Channel channel) {
    this.channel = channel;
  }

  public static AdminServer start(
      InetSocketAddress address,
      EventLoopGroup group,
      ProxyMetrics metrics,
      Supplier<List<StreamSnapshot>> streams,
      BooleanSupplier healthy)
      throws InterruptedException {
    Channel ch =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel c) {
                    c.pipeline()
                        .addLast(new HttpServerCodec())
                        .addLast(new HttpObjectAggregator(8192))
                        .addLast(new AdminHandler(metrics, streams, healthy));
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
