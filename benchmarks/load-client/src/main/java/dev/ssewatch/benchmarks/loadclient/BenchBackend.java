package dev.ssewatch.benchmarks.loadclient;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark's SSE backend (Netty, epoll), three endpoints:
 *
 * <ul>
 *   <li>{@code /idle}: the headers and one comment, then silence
 *   <li>{@code /paced}: an event every 100 ms (random phase) whose id is the send time in epoch
 *       microseconds
 *   <li>{@code /flood}: 200-byte events as fast as the connection takes them
 * </ul>
 */
final class BenchBackend {

  private static final long EPOCH_MICROS_AT_START =
      ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
  private static final long NANOS_AT_START = System.nanoTime();
  private static final ByteBuf FLOOD_BATCH = floodBatch();

  private BenchBackend() {}

  public static void main(String[] args) throws Exception {
    int port = 0;
    int threads = 1;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[i + 1]);
        case "--threads" -> threads = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException(args[i]);
      }
    }
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, EpollIoHandler.newFactory());
    Channel server =
        new ServerBootstrap()
            .group(group)
            .channel(EpollServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 8192)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(new HttpServerCodec(), new Handler());
                  }
                })
            .bind("127.0.0.1", port)
            .sync()
            .channel();
    System.out.println("backend listening on " + server.localAddress());
    server.closeFuture().sync();
  }

  static long epochMicros() {
    return EPOCH_MICROS_AT_START + (System.nanoTime() - NANOS_AT_START) / 1000;
  }

  private static ByteBuf floodBatch() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      // 200 bytes per event: "data: " + 192 x + "\n\n"
      b.append("data: ").append("x".repeat(192)).append("\n\n");
    }
    return Unpooled.unreleasableBuffer(
        Unpooled.directBuffer().writeBytes(b.toString().getBytes(StandardCharsets.US_ASCII)));
  }

  private static final class Handler extends SimpleChannelInboundHandler<Object> {
    private boolean flood;
    private ScheduledFuture<?> paced;

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
      if (!(msg instanceof HttpRequest req)) {
        return;
      }
      HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
      head.headers().set("Content-Type", "text/event-stream");
      head.headers().set("Cache-Control", "no-cache");
      head.headers().set("Transfer-Encoding", "chunked");
      ctx.write(head);
      String path = req.uri();
      if (path.startsWith("/flood")) {
        flood = true;
        ctx.flush();
        pump(ctx);
      } else if (path.startsWith("/paced")) {
        ctx.writeAndFlush(content(":open\n\n"));
        long phase = ThreadLocalRandom.current().nextLong(100_000);
        paced =
            ctx.channel()
                .eventLoop()
                .scheduleAtFixedRate(
                    () -> {
                      if (ctx.channel().isActive()) {
                        ctx.writeAndFlush(content("id: " + epochMicros() + "\ndata: x\n\n"));
                      }
                    },
                    phase,
                    100_000,
                    TimeUnit.MICROSECONDS);
      } else {
        ctx.writeAndFlush(content(":open\n\n"));
      }
    }

    private static DefaultHttpContent content(String s) {
      return new DefaultHttpContent(Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII));
    }

    private void pump(ChannelHandlerContext ctx) {
      while (ctx.channel().isWritable()) {
        ctx.write(new DefaultHttpContent(FLOOD_BATCH.duplicate()));
      }
      ctx.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      if (flood && ctx.channel().isWritable()) {
        pump(ctx);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      flood = false;
      if (paced != null) {
        paced.cancel(false);
      }
      ctx.fireChannelInactive();
    }
  }
}
