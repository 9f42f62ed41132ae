package dev.ssewatch.proxy.sse;

import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The heartbeat timer of one event loop: one scheduled task for all of the loop's streams, armed
 * for the earliest due stream plus that stream's slack, so streams that fall due close together are
 * looked at in one pass. Confined to its event loop.
 */
final class HeartbeatSweep implements Runnable {

  private final EventExecutor loop;
  private final Runnable onInjected;
  private HeartbeatInjector first;

  /** Volatile only so that tests may look from another thread. */
  private volatile ScheduledFuture<?> timer;

  private long timerAt;

  HeartbeatSweep(EventExecutor loop, Runnable onInjected) {
    this.loop = loop;
    this.onInjected = onInjected;
  }

  void add(HeartbeatInjector h) {
    h.next = first;
    if (first != null) {
      first.prev = h;
    }
    first = h;
    arm(h.dueNanos + h.slackNanos());
  }

  void remove(HeartbeatInjector h) {
    if (h.prev != null) {
      h.prev.next = h.next;
    } else if (first == h) {
      first = h.next;
    }
    if (h.next != null) {
      h.next.prev = h.prev;
    }
    h.prev = null;
    h.next = null;
    if (first == null && timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  /** Whether the timer is armed (for tests). */
  boolean armed() {
    return timer != null;
  }

  @Override
  public void run() {
    timer = null;
    long now = System.nanoTime();
    long next = Long.MAX_VALUE;
    HeartbeatInjector h = first;
    while (h != null) {
      // Read first: a failed write can end this stream, and with it its place in the list.
      HeartbeatInjector after = h.next;
      if (h.dueNanos - now <= 0) {
        h.check(now, onInjected);
      }
      long at = h.dueNanos + h.slackNanos();
      if (at - next < 0 || next == Long.MAX_VALUE) {
        next = at;
      }
      h = after;
    }
    if (first != null) {
      arm(next);
    }
  }

  private void arm(long at) {
    if (timer != null) {
      if (at - timerAt >= 0) {
        return;
      }
      timer.cancel(false);
    }
    timerAt = at;
    timer = loop.schedule(this, Math.max(0, at - System.nanoTime()), TimeUnit.NANOSECONDS);
  }
}
