package dev.ssewatch.agent.apps;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A plain Netty SSE server ({@code HttpServerCodec} and a handler), built from API that Netty 4.1
 * and 4.2 share, so the same class runs on either.
 */
public final class NettyApp {

  private NettyApp() {}

  /**
   * {@code epoll} as the argument runs it on the native epoll transport instead of NIO; {@code h2c}
   * serves HTTP/2 too, over cleartext (an upgraded request or prior knowledge), each stream in a
   * child channel of its own as HTTP objects, the same handler answering.
   */
  public static void main(String[] args) throws Exception {
    boolean epoll = args.length > 0 && args[0].equals("epoll");
    boolean h2c = args.length > 0 && args[0].equals("h2c");
    ServerBootstrap bootstrap = new ServerBootstrap();
    if (epoll) {
      EpollTransport.use(bootstrap);
    } else {
      bootstrap.group(new NioEventLoopGroup(2)).channel(NioServerSocketChannel.class);
    }
    Channel server =
        bootstrap
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    if (h2c) {
                      H2c.init(ch);
                    } else {
                      ch.pipeline().addLast(new HttpServerCodec(), new Handler());
                    }
                  }
                })
            .bind("127.0.0.1", 0)
            .sync()
            .channel();
    SseScenario.announce(((java.net.InetSocketAddress) server.localAddress()).getPort());
    server.closeFuture().sync();
  }

  /** Its own class, so that the epoll classes load only when asked for (not on Netty 4.1). */
  private static final class EpollTransport {
    static void use(ServerBootstrap bootstrap) {
      Epoll.ensureAvailability();
      bootstrap.group(new EpollEventLoopGroup(2)).channel(EpollServerSocketChannel.class);
    }
  }

  /** Its own class, so that Netty's HTTP/2 classes load only when asked for. */
  private static final class H2c {
    static void init(SocketChannel ch) {
      ChannelInitializer<Channel> stream =
          new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel child) {
              child.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true), new Handler());
            }
          };
      HttpServerCodec http1 = new HttpServerCodec();
      HttpServerUpgradeHandler upgrade =
          new HttpServerUpgradeHandler(
              http1,
              protocol ->
                  AsciiString.contentEquals(Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)
                      ? new Http2ServerUpgradeCodec(
                          Http2FrameCodecBuilder.forServer().build(),
                          new Http2MultiplexHandler(stream))
                      : null);
      ch.pipeline()
          .addLast(
              new CleartextHttp2ServerUpgradeHandler(
                  http1,
                  upgrade,
                  new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel c) {
                      c.pipeline()
                          .addLast(
                              Http2FrameCodecBuilder.forServer().build(),
                              new Http2MultiplexHandler(stream));
                    }
                  }),
              // HTTP/1.1 requests that ask for no upgrade
              new Handler());
    }
  }

  private static final class Handler extends SimpleChannelInboundHandler<Object> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
      if (!(msg instanceof HttpRequest)) {
        return;
      }
      QueryStringDecoder q = new QueryStringDecoder(((HttpRequest) msg).uri());
      int n =
          q.parameters().containsKey("n") ? Integer.parseInt(q.parameters().get("n").get(0)) : 5;
      switch (q.path()) {
        case "/sse/stream":
          start(ctx);
          send(ctx, 1, n, 10, true);
          break;
        case "/sse/hold":
          start(ctx);
          send(ctx, 1, n, 300, false);
          break;
        case "/sse/forever":
          start(ctx);
          send(ctx, 1, Integer.MAX_VALUE, 50, true);
          break;
        case "/sse/server-close":
          // n events, then the handler closes the connection instead of ending the response.
          start(ctx);
          sendThen(ctx, 1, n, ctx::close);
          break;
        case "/sse/idle":
          // n events, then silence until an idle timeout closes the connection.
          start(ctx);
          sendThen(
              ctx,
              1,
              n,
              () ->
                  ctx.pipeline().addFirst(new IdleStateHandler(0, 0, 300, TimeUnit.MILLISECONDS)));
          break;
        default:
          DefaultFullHttpResponse r =
              new DefaultFullHttpResponse(
                  HttpVersion.HTTP_1_1,
                  HttpResponseStatus.OK,
                  Unpooled.copiedBuffer("not an event stream", StandardCharsets.UTF_8));
          r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
          r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
          ctx.writeAndFlush(r);
      }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof IdleStateEvent) {
        ctx.close();
      } else {
        ctx.fireUserEventTriggered(evt);
      }
    }

    private static void start(ChannelHandlerContext ctx) {
      DefaultHttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
      r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream");
      r.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
      r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
      r.headers().set(HttpHeaderNames.SET_COOKIE, "session=SERVER-SECRET-" + SseScenario.canary());
      ctx.writeAndFlush(r);
    }

    /**
     * Events {@code i} to {@code n}, flushed 10 ms apart, then {@code after} instead of the end.
     */
    private static void sendThen(ChannelHandlerContext ctx, int i, int n, Runnable after) {
      ctx.writeAndFlush(
          new DefaultHttpContent(
              Unpooled.wrappedBuffer(SseScenario.eventBytes(SseScenario.canary(), i))));
      ctx.executor()
          .schedule(
              i >= n ? after : () -> sendThen(ctx, i + 1, n, after), 10, TimeUnit.MILLISECONDS);
    }

    /** Event {@code i}, then the next after {@code pauseMillis}; flushed or left in the channel. */
    private static void send(
        ChannelHandlerContext ctx, int i, int n, long pauseMillis, boolean flush) {
      if (!ctx.channel().isActive()) {
        return;
      }
      DefaultHttpContent content =
          new DefaultHttpContent(
              Unpooled.wrappedBuffer(SseScenario.eventBytes(SseScenario.canary(), i)));
      if (flush) {
        ctx.writeAndFlush(content).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
      } else {
        ctx.write(content);
      }
      if (i >= n) {
        // Like the servlet scenarios: the pause follows every event, the last one included.
        ctx.executor()
            .schedule(
                () -> ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT),
                pauseMillis,
                TimeUnit.MILLISECONDS);
        return;
      }
      ctx.executor()
          .schedule(
              () -> send(ctx, i + 1, n, pauseMillis, flush), pauseMillis, TimeUnit.MILLISECONDS);
    }
  }
}
