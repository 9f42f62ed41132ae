package dev.ssewatch.benchmarks.proxyload;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * An SSE backend with three behaviours, chosen by path: {@code /timed} sends an event stamped with
 * its {@code System.nanoTime()} every 100 ms, {@code /flood} sends 200-byte events as fast as the
 * connection takes them, {@code /idle} sends one event and then nothing.
 */
final class SseBackend {

  static final int FLOOD_EVENT_BYTES = 200;
  private static final ByteBuf FLOOD_EVENT =
      Unpooled.unreleasableBuffer(
          Unpooled.directBuffer(FLOOD_EVENT_BYTES)
              .writeBytes(
                  ("data: " + "x".repeat(FLOOD_EVENT_BYTES - 8) + "\n\n")
                      .getBytes(StandardCharsets.US_ASCII)));

  private SseBackend() {}

  static Channel start(EventLoopGroup group) throws InterruptedException {
    return serve(group, Handler::new);
  }

  /**
   * Listens on a free loopback port, each connection handled by a new handler from the supplier.
   */
  static Channel serve(EventLoopGroup group, Supplier<ChannelHandler> handlers)
      throws InterruptedException {
    return new ServerBootstrap()
        .group(group)
        .channelFactory(ProxyLoad.HARNESS_TRANSPORT.listeners())
        .option(ChannelOption.SO_BACKLOG, 8192)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new HttpServerCodec()).addLast(handlers.get());
              }
            })
        .bind("127.0.0.1", 0)
        .sync()
        .channel();
  }

  /** The head of a chunked event stream. */
  static HttpResponse streamHead() {
    HttpResponse resp = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    resp.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream")
        .set(HttpHeaderNames.CACHE_CONTROL, "no-cache")
        .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    return resp;
  }

  /** A chunk of ASCII text. */
  static DefaultHttpContent text(String s) {
    return new DefaultHttpContent(Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII));
  }

  private static final class Handler extends SimpleChannelInboundHandler<HttpObject> {
    private boolean flooding;
    private java.util.concurrent.ScheduledFuture<?> timer;

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (timer != null) {
        timer.cancel(false);
      }
      ctx.fireChannelInactive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
      if (!(msg instanceof HttpRequest req)) {
        return;
      }
      ctx.write(streamHead());
      String path = req.uri();
      if (path.startsWith("/timed")) {
        ctx.flush();
        long first = ThreadLocalRandom.current().nextLong(100_000_000L);
        timer =
            ctx.executor()
                .scheduleAtFixedRate(
                    () -> {
                      if (ctx.channel().isActive()) {
                        ctx.writeAndFlush(text("data: " + System.nanoTime() + "\n\n"));
                      }
                    },
                    first,
                    100_000_000L,
                    TimeUnit.NANOSECONDS);
      } else if (path.startsWith("/flood")) {
        ctx.flush();
        // All streams start flooding together, once every client is connected.
        int at = path.indexOf("at=");
        long delay = at < 0 ? 0 : Long.parseLong(path.substring(at + 3)) - System.nanoTime();
        ctx.executor()
            .schedule(
                () -> {
                  flooding = true;
                  flood(ctx);
                },
                Math.max(0, delay),
                TimeUnit.NANOSECONDS);
      } else {
        ctx.writeAndFlush(text("data: hello\n\n"));
      }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      if (flooding && ctx.channel().isWritable()) {
        flood(ctx);
      }
    }

    private void flood(ChannelHandlerContext ctx) {
      Channel ch = ctx.channel();
      int n = 0;
      while (ch.isActive() && ch.isWritable() && n < 256) {
        ctx.write(new DefaultHttpContent(FLOOD_EVENT.duplicate()));
        n++;
      }
      ctx.flush();
      if (ch.isActive() && ch.isWritable()) {
        ctx.executor().execute(() -> flood(ctx));
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
