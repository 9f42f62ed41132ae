package dev.ssewatch.benchmarks.proxyload;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The soak's backend: every stream is a numbered sequence of events ({@code id: n}), resumed after
 * {@code Last-Event-ID} as the standard's reconnection expects, at {@code eventsPerSecond}. After a
 * random number of events it drops the connection on purpose, half of the times cleanly between two
 * events (the chunked response ended), half abruptly in the middle of an event (whose rest the next
 * connection sends again, from its start).
 */
final class ResumableBackend {

  final LongAdder cleanDrops = new LongAdder();
  final LongAdder abruptDrops = new LongAdder();
  private final long periodNanos;
  private volatile boolean paused;
  private final int meanEventsPerConnection;

  ResumableBackend(int eventsPerSecond, int meanEventsPerConnection) {
    this.periodNanos = TimeUnit.SECONDS.toNanos(1) / eventsPerSecond;
    this.meanEventsPerConnection = meanEventsPerConnection;
  }

  /** Stops sending events (streams stay open): what is in flight can then arrive everywhere. */
  void pause() {
    paused = true;
  }

  Channel start(EventLoopGroup group) throws InterruptedException {
    return SseBackend.serve(group, Stream::new);
  }

  private final class Stream extends SimpleChannelInboundHandler<HttpObject> {
    private ScheduledFuture<?> timer;
    private long next;
    private int budget;
    private String name;

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
      if (!(msg instanceof HttpRequest req)) {
        return;
      }
      name = req.uri().substring(req.uri().lastIndexOf('/') + 1);
      String last = req.headers().get("Last-Event-ID");
      // Resume after the last event the client has whole; an id it cannot have is a fresh start.
      next = last == null || !last.matches("\\d{1,18}") ? 0 : Long.parseLong(last) + 1;
      budget = 1 + ThreadLocalRandom.current().nextInt(2 * meanEventsPerConnection);
      ctx.write(SseBackend.streamHead());
      ctx.writeAndFlush(SseBackend.text("retry: 100\n\n"));
      timer =
          ctx.executor()
              .scheduleAtFixedRate(
                  () -> tick(ctx),
                  ThreadLocalRandom.current().nextLong(periodNanos),
                  periodNanos,
                  TimeUnit.NANOSECONDS);
    }

    private void tick(ChannelHandlerContext ctx) {
      if (!ctx.channel().isActive()) {
        timer.cancel(false);
        return;
      }
      if (paused) {
        return;
      }
      String event = "id: " + next + "\ndata: " + name + " " + next + "\n\n";
      if (budget-- > 0) {
        ctx.writeAndFlush(SseBackend.text(event));
        next++;
        return;
      }
      timer.cancel(false);
      if (ThreadLocalRandom.current().nextBoolean()) {
        cleanDrops.increment();
        ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT)
            .addListener(ChannelFutureListener.CLOSE);
      } else {
        abruptDrops.increment();
        ctx.writeAndFlush(SseBackend.text(event.substring(0, event.length() / 2)))
            .addListener(ChannelFutureListener.CLOSE);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (timer != null) {
        timer.cancel(false);
      }
      ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
