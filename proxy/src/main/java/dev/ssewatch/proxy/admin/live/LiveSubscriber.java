package dev.ssewatch.proxy.admin.live;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One browser reading the live endpoint. Frames are offered from any thread and never block: they
 * wait in a bounded queue and are written on the channel's own event loop only while the channel is
 * writable, so a slow reader costs at most {@code capacity} frames plus Netty's high water mark.
 * When the queue is full the frame is dropped and counted; a reader that has taken nothing for
 * {@code stallNanos} while frames were being dropped is closed, since it would only ever see stale
 * state. A time rather than a count of drops, so that a burst of alerts does not close a reader
 * that keeps up.
 */
final class LiveSubscriber {

  private final Channel channel;
  private final int capacity;
  private final long stallNanos;
  private final Queue<String> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();

  /** When the current run of drops began, or 0 when the last frame offered was queued. */
  private final AtomicLong droppingSince = new AtomicLong();

  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private volatile boolean closed;

  LiveSubscriber(Channel channel, int capacity, long stallNanos) {
    this.channel = channel;
    this.capacity = capacity;
    this.stallNanos = stallNanos;
  }

  /** Queues one whole SSE frame; any thread, never blocks. */
  void offer(String frame) {
    if (closed) {
      return;
    }
    if (queued.incrementAndGet() > capacity) {
      queued.decrementAndGet();
      dropped.incrementAndGet();
      long now = System.nanoTime();
      droppingSince.compareAndSet(0, now);
      long since = droppingSince.get();
      if (since != 0 && now - since >= stallNanos) {
        close();
      }
      return;
    }
    queue.add(frame);
    if (drainScheduled.compareAndSet(false, true)) {
      channel.eventLoop().execute(this::drain);
    }
  }

  /** Writes what is queued while the channel takes it; on the channel's event loop only. */
  void drain() {
    drainScheduled.set(false);
    boolean wrote = false;
    while (!closed && channel.isWritable()) {
      String frame = queue.poll();
      if (frame == null) {
        break;
      }
      queued.decrementAndGet();
      channel.write(new DefaultHttpContent(ByteBufUtil.writeUtf8(channel.alloc(), frame)));
      wrote = true;
    }
    if (wrote) {
      droppingSince.set(0);
      channel.flush();
    }
  }

  long dropped() {
    return dropped.get();
  }

  int queued() {
    return queued.get();
  }

  boolean closed() {
    return closed;
  }

  void close() {
    closed = true;
    queue.clear();
    channel.close();
  }
}
