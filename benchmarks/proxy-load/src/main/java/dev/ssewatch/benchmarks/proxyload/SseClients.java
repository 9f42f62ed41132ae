package dev.ssewatch.benchmarks.proxyload;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/** Many SSE client connections on one event loop, measuring what arrives. */
final class SseClients {

  final LongAdder bytes = new LongAdder();
  final LongAdder headers = new LongAdder();
  final LatencySamples latencies;
  private final List<Channel> channels = new ArrayList<>();
  private final EventLoopGroup group;

  SseClients(EventLoopGroup group, LatencySamples latencies) {
    this.group = group;
    this.latencies = latencies;
  }

  /** A client bootstrap of HTTP connections, each handled by a new handler from the supplier. */
  static Bootstrap connector(EventLoopGroup group, Supplier<ChannelHandler> handlers) {
    return new Bootstrap()
        .group(group)
        .channelFactory(ProxyLoad.HARNESS_TRANSPORT.connections())
        .option(ChannelOption.TCP_NODELAY, true)
        .handler(
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new HttpClientCodec()).addLast(handlers.get());
              }
            });
  }

  /** Opens {@code n} streams to {@code path}; returns once all have their response headers. */
  void open(InetSocketAddress target, String path, int n, long timeoutSeconds)
      throws InterruptedException {
    CountDownLatch started = new CountDownLatch(n);
    Bootstrap b = connector(group, () -> new Reader(started));
    for (int i = 0; i < n; i++) {
      ChannelFuture f = b.connect(target);
      f.addListener(
          done -> {
            if (done.isSuccess()) {
              DefaultFullHttpRequest req =
                  new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path);
              req.headers()
                  .set(HttpHeaderNames.HOST, target.getHostString() + ":" + target.getPort())
                  .set(HttpHeaderNames.ACCEPT, "text/event-stream");
              f.channel().writeAndFlush(req);
            }
          });
      synchronized (channels) {
        channels.add(f.channel());
      }
      if (i % 200 == 199) {
        // Keep the accept queues from overflowing while thousands connect.
        f.await(5, TimeUnit.SECONDS);
      }
    }
    if (!started.await(timeoutSeconds, TimeUnit.SECONDS)) {
      throw new IllegalStateException(
          "only " + (n - started.getCount()) + " of " + n + " streams started");
    }
  }

  void closeAll() {
    synchronized (channels) {
      for (Channel c : channels) {
        c.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
      }
      channels.clear();
    }
  }

  private final class Reader extends SimpleChannelInboundHandler<HttpObject> {
    private final CountDownLatch started;

    /** Digits of a "data: <nanos>" line being read; events may split across reads. */
    private long number;

    private int state; // 0: scanning, 1..6: matched "data: " so far, 7: reading digits

    Reader(CountDownLatch started) {
      this.started = started;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
      if (msg instanceof HttpResponse) {
        headers.increment();
        started.countDown();
      }
      if (msg instanceof HttpContent c) {
        ByteBuf b = c.content();
        bytes.add(b.readableBytes());
        if (latencies != null) {
          scan(b);
        }
      }
    }

    private void scan(ByteBuf b) {
      long now = System.nanoTime();
      for (int i = b.readerIndex(), end = b.writerIndex(); i < end; i++) {
        byte x = b.getByte(i);
        if (state == 7) {
          if (x >= '0' && x <= '9') {
            number = number * 10 + (x - '0');
            continue;
          }
          latencies.add(now - number);
          state = 0;
          number = 0;
        }
        if (x == "data: ".charAt(state)) {
          state++;
          if (state == 6) {
            state = 7;
            number = 0;
          }
        } else {
          state = x == 'd' ? 1 : 0;
        }
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
