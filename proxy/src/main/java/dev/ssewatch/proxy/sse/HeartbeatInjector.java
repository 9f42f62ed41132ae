package dev.ssewatch.proxy.sse;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Injects an SSE comment when the client has been sent nothing for the heartbeat interval. It only
 * ever writes at an event boundary of the backend's bytes, so the client parses exactly the events
 * the backend sent. Runs on the client channel's event loop, like everything else of the exchange.
 */
public final class HeartbeatInjector implements Runnable {

  /** How soon to look again when the stream is mid-event or the client cannot take more. */
  private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private final Channel client;
  private final long intervalNanos;
  private final byte[] comment;
  private final StreamTap tap;
  private final Runnable onInjected;
  private long lastWriteNanos;
  private long injected;
  private ScheduledFuture<?> timer;
  private boolean stopped;

  /**
   * @param commentText what follows the colon; the comment line is followed by a blank line
   * @param onInjected called after each injection (metrics)
   */
  public HeartbeatInjector(
      Channel client,
      long intervalNanos,
      String commentText,
      StreamTap tap,
      Runnable onInjected,
      long nowNanos) {
    this.client = client;
    this.intervalNanos = intervalNanos;
    this.comment = (":" + commentText + "\n\n").getBytes(StandardCharsets.UTF_8);
    this.tap = tap;
    this.onInjected = onInjected;
    this.lastWriteNanos = nowNanos;
    schedule(intervalNanos);
  }

  /** Something was written to the client: the silence starts again. */
  public void touch(long nowNanos) {
    lastWriteNanos = nowNanos;
  }

  public long injected() {
    return injected;
  }

  public void stop() {
    stopped = true;
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  @Override
  public void run() {
    timer = null;
    if (stopped || !client.isActive()) {
      return;
    }
    long now = System.nanoTime();
    long silent = now - lastWriteNanos;
    if (silent < intervalNanos) {
      schedule(intervalNanos - silent);
      return;
    }
    // Mid-event, a comment would split the event; with a full buffer, the client is behind on
    // bytes already and a heartbeat would only add to them.
    if (!tap.atEventBoundary() || !client.isWritable()) {
      schedule(Math.min(RETRY_NANOS, intervalNanos));
      return;
    }
    ByteBuf buf = client.alloc().buffer(comment.length).writeBytes(comment);
    client.writeAndFlush(new DefaultHttpContent(buf), client.voidPromise());
    lastWriteNanos = now;
    injected++;
    tap.onHeartbeat(now);
    onInjected.run();
    schedule(intervalNanos);
  }

  private void schedule(long delayNanos) {
    if (!stopped) {
      timer = client.eventLoop().schedule(this, delayNanos, TimeUnit.NANOSECONDS);
    }
  }
}
