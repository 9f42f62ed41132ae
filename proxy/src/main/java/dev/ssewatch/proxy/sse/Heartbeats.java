package dev.ssewatch.proxy.sse;

import io.netty.channel.Channel;
import io.netty.util.concurrent.EventExecutor;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The heartbeats of one proxy: a {@link HeartbeatSweep} per event loop, made on first use. */
public final class Heartbeats {

  private final Runnable onInjected;
  private final Map<EventExecutor, HeartbeatSweep> sweeps = new ConcurrentHashMap<>();

  /**
   * @param onInjected called after each injection (metrics)
   */
  public Heartbeats(Runnable onInjected) {
    this.onInjected = onInjected;
  }

  /**
   * Starts the heartbeat of a stream whose last write to {@code client} was at {@code nowNanos}.
   * Call on the client's event loop.
   *
   * @param comment what follows the colon; the comment line is followed by a blank line
   */
  public HeartbeatInjector start(
      Channel client, long intervalNanos, String comment, StreamTap tap, long nowNanos) {
    EventExecutor loop = client.eventLoop();
    HeartbeatSweep sweep = sweeps.get(loop);
    if (sweep == null) {
      sweep = sweeps.computeIfAbsent(loop, l -> new HeartbeatSweep(l, onInjected));
    }
    HeartbeatInjector h =
        new HeartbeatInjector(sweep, client, intervalNanos, comment, tap, nowNanos);
    sweep.add(h);
    return h;
  }

  /** How many event loops have a heartbeat timer armed (for tests). */
  public int armedTimers() {
    int n = 0;
    for (HeartbeatSweep s : sweeps.values()) {
      if (s.armed()) {
        n++;
      }
    }
    return n;
  }
}
