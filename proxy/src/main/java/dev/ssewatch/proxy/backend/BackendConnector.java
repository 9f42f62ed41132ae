package dev.ssewatch.proxy.backend;

import dev.ssewatch.proxy.Route;
import dev.ssewatch.proxy.Transport;
import dev.ssewatch.proxy.tls.TlsContexts;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.ssl.SslContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Opens backend connections: only ever to a configured route's backend. */
public final class BackendConnector {

  private static final String CODEC = "http";
  private static final String HANDLER = "backend";

  private final Transport transport;
  private final WriteBufferWaterMark marks;
  private final Map<Route, SslContext> sslContexts = new ConcurrentHashMap<>();

  public BackendConnector(Transport transport, WriteBufferWaterMark marks) {
    this.transport = transport;
    this.marks = marks;
  }

  /** Builds TLS contexts up front, so a bad CA file fails at start and not on a request. */
  public void prepare(Iterable<Route> routes) {
    for (Route r : routes) {
      if (r.tls()) {
        sslContexts.computeIfAbsent(r, TlsContexts::client);
      }
    }
  }

  /**
   * Connects on the client's event loop, so the two channels of a stream never hop threads. The
   * backend channel reads only when asked: that is how a slow client slows the backend down.
   */
  public ChannelFuture connect(Route route, EventLoop loop, BackendListener listener) {
    SslContext ssl = route.tls() ? sslContexts.computeIfAbsent(route, TlsContexts::client) : null;
    Bootstrap b =
        new Bootstrap()
            .group(loop)
            .channelFactory(transport.connections())
            .option(ChannelOption.AUTO_READ, false)
            // Timed here instead: Netty keeps its connect-timeout task referenced from the channel
            // for the channel's whole life, i.e. for every open stream.
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 0);
    SocketOptions.apply(b, transport, route.options().idleBudget(), marks);
    b.handler(
        new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ChannelPipeline p = ch.pipeline();
            if (ssl != null) {
              p.addLast(ssl.newHandler(ch.alloc(), route.backendHost(), route.backendPort()));
            }
            p.addLast(CODEC, new HttpClientCodec());
            p.addLast(HANDLER, new BackendHandler(listener));
          }
        });
    ChannelFuture f = b.connect(route.backendHost(), route.backendPort());
    long timeoutMillis = route.options().connectTimeout().toMillis();
    if (!f.isDone() && timeoutMillis > 0 && f instanceof ChannelPromise p) {
      ScheduledFuture<?> timer =
          loop.schedule(
              () -> {
                if (p.tryFailure(
                    new ConnectTimeoutException(
                        "connection timed out after "
                            + timeoutMillis
                            + " ms: "
                            + route.backendAuthority()))) {
                  p.channel().close();
                }
              },
              timeoutMillis,
              TimeUnit.MILLISECONDS);
      f.addListener(done -> timer.cancel(false));
    }
    return f;
  }

  /**
   * Takes the HTTP codec out of a backend connection whose response head has been read: from then
   * on the listener receives the body as raw {@link io.netty.buffer.ByteBuf}s, starting with what
   * the codec had read beyond the head. Must be called from within the listener's handling of the
   * head, so no byte is decoded twice or skipped.
   */
  public static void rawBody(Channel ch) {
    ch.pipeline().remove(CODEC);
  }

  /** Puts a fresh codec back, for the connection's next request once a raw body has ended. */
  public static void restoreCodec(Channel ch) {
    ch.pipeline().addBefore(HANDLER, CODEC, new HttpClientCodec());
  }
}
