package dev.ssewatch.proxy.sse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;

/**
 * The heartbeat of one stream: injects an SSE comment when the client has been sent nothing for the
 * heartbeat interval. It only ever writes at an event boundary of the backend's bytes, so the
 * client parses exactly the events the backend sent. It owns no timer: its event loop's {@link
 * HeartbeatSweep} looks at it when it is due, so an idle stream costs this object and nothing in
 * the loop's scheduler (see "Memory per open stream" in docs/architecture.md).
 */
public final class HeartbeatInjector {

  /** How soon to look again when the stream is mid-event or the client cannot take more. */
  static final long RETRY_NANOS = 20_000_000L;

  /** The most a heartbeat may come after its due time, so that one sweep serves many streams. */
  static final long MAX_SLACK_NANOS = 250_000_000L;

  private final HeartbeatSweep sweep;
  private final Channel client;
  private final long intervalNanos;
  private final String comment;
  private final StreamTap tap;
  private long lastWriteNanos;

  /** When the sweep should look at this stream next. */
  long dueNanos;

  /** Neighbours in the sweep's list. */
  HeartbeatInjector prev;

  HeartbeatInjector next;

  HeartbeatInjector(
      HeartbeatSweep sweep,
      Channel client,
      long intervalNanos,
      String comment,
      StreamTap tap,
      long nowNanos) {
    this.sweep = sweep;
    this.client = client;
    this.intervalNanos = intervalNanos;
    this.comment = comment;
    this.tap = tap;
    this.lastWriteNanos = nowNanos;
    this.dueNanos = nowNanos + intervalNanos;
  }

  /** Something was written to the client: the silence starts again. */
  public void touch(long nowNanos) {
    lastWriteNanos = nowNanos;
  }

  /**
   * Takes this stream out of its sweep; again is harmless. No flag says so: every open stream keeps
   * this object, and the sweep's list already tells.
   */
  public void stop() {
    sweep.remove(this);
  }

  /** How late the sweep may come: a sixteenth of the interval, at most a quarter second. */
  long slackNanos() {
    return Math.min(MAX_SLACK_NANOS, intervalNanos >> 4);
  }

  /** Called by the sweep once {@link #dueNanos} has passed; sets the next due time. */
  void check(long now, Runnable onInjected) {
    long silent = now - lastWriteNanos;
    if (silent < intervalNanos) {
      dueNanos = lastWriteNanos + intervalNanos;
      return;
    }
    // Mid-event, a comment would split the event; with a full buffer, the client is behind on
    // bytes already and a heartbeat would only add to them.
    if (!client.isActive() || !tap.atEventBoundary() || !client.isWritable()) {
      dueNanos = now + Math.min(RETRY_NANOS, intervalNanos);
      return;
    }
    // Encoded per heartbeat rather than kept per stream: at most one per interval, and an idle
    // stream is better off without the bytes.
    ByteBuf buf = ByteBufUtil.writeUtf8(client.alloc(), ":" + comment + "\n\n");
    client.writeAndFlush(new DefaultHttpContent(buf), client.voidPromise());
    lastWriteNanos = now;
    dueNanos = now + intervalNanos;
    tap.onHeartbeat(now);
    onInjected.run();
  }
}
