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
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
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

  /**
   * One prepared bootstrap per route and event loop, reused for every connection: a bootstrap built
   * per connection (its option map, config and initializer) was about 1 KB of garbage per stream
   * opened, and set-up garbage is what makes the JVM grow its heap while many streams open.
   */
  private final Map<Route, Map<EventLoop, Bootstrap>> bootstraps = new ConcurrentHashMap<>();

  private final TlsFailures tlsFailures;

  public BackendConnector(Transport transport, WriteBufferWaterMark marks) {
    this(transport, marks, new TlsFailures(null));
  }

  /**
   * @param tlsFailures where failed TLS handshakes are logged and counted
   */
  public BackendConnector(
      Transport transport, WriteBufferWaterMark marks, TlsFailures tlsFailures) {
    this.transport = transport;
    this.marks = marks;
    this.tlsFailures = tlsFailures;
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
    ChannelFuture f = bootstrap(route, loop).connect();
    // Behind the codec: the shared initializer puts TLS and the codec at the front of the pipeline,
    // whether the channel registers before this line or after it.
    f.channel()
        .pipeline()
        .addLast(HANDLER, new BackendHandler(listener, route.backendAuthority(), tlsFailures));
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

  private Bootstrap bootstrap(Route route, EventLoop loop) {
    Map<EventLoop, Bootstrap> perLoop = bootstraps.get(route);
    if (perLoop == null) {
      perLoop = new ConcurrentHashMap<>();
      Map<EventLoop, Bootstrap> raced = bootstraps.putIfAbsent(route, perLoop);
      if (raced != null) {
        perLoop = raced;
      }
    }
    Bootstrap b = perLoop.get(loop);
    if (b == null) {
      // Only this loop's thread connects through (and so creates) this loop's bootstrap.
      b = newBootstrap(route, loop);
      perLoop.put(loop, b);
    }
    return b;
  }

  private Bootstrap newBootstrap(Route route, EventLoop loop) {
    SslContext ssl = route.tls() ? sslContexts.computeIfAbsent(route, TlsContexts::client) : null;
    Bootstrap b =
        new Bootstrap()
            .group(loop)
            .channelFactory(transport.connections())
            .option(ChannelOption.AUTO_READ, false)
            // Timed here instead: Netty keeps its connect-timeout task referenced from the channel
            // for the channel's whole life, i.e. for every open stream.
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 0)
            .remoteAddress(remoteAddress(route));
    SocketOptions.apply(b, transport, route.options().idleBudget(), marks);
    return b.handler(
        new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ChannelPipeline p = ch.pipeline();
            p.addFirst(CODEC, new HttpClientCodec());
            if (ssl != null) {
              p.addFirst(ssl.newHandler(ch.alloc(), route.backendHost(), route.backendPort()));
            }
          }
        });
  }

  /**
   * Where a route's connections go. A host name stays unresolved, so it is looked up for every
   * connection as before. An IP literal needs no lookup: it is parsed once, into an address that
   * carries the literal as its host name. Netty builds each connected channel's remote address from
   * the requested address's host string, and without a host name the JDK formats a new string of
   * the address for every connection, which an open stream then keeps for its whole life (see
   * "Memory per open stream" in docs/architecture.md).
   */
  static InetSocketAddress remoteAddress(Route route) {
    String host = route.backendHost();
    byte[] literal = NetUtil.createByteArrayFromIpAddressString(host);
    if (literal == null) {
      return InetSocketAddress.createUnresolved(host, route.backendPort());
    }
    String name =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    try {
      return new InetSocketAddress(InetAddress.getByAddress(name, literal), route.backendPort());
    } catch (UnknownHostException e) {
      // Only thrown for an address of the wrong length, which a parsed literal never has.
      throw new IllegalStateException(e);
    }
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
