package dev.ssewatch.proxy.admin.live;

import dev.ssewatch.core.stream.StreamSnapshot;
import dev.ssewatch.core.telemetry.AlertRecord;
import dev.ssewatch.core.telemetry.StreamEnd;
import dev.ssewatch.core.telemetry.TelemetryRecord;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Feeds the live page: every open stream once per interval, alerts (one per cause, with its count)
 * and stream ends as they happen, to every reader of {@code GET /live/events} on the admin
 * listener, with the GenAI facts of LLM and MCP streams. Sees only what the recorder already
 * exports (snapshots, {@link AlertRecord}, {@link StreamEnd}, and the GenAI facts of stream starts
 * and progress records), so it has no way to reach event data.
 */
public final class LiveHub implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(LiveHub.class.getName());

  private final Supplier<List<StreamSnapshot>> streams;
  private final ToLongFunction<String> idleBudgetMillis;
  private final LiveLimits limits;
  private final Set<LiveSubscriber> subscribers = new CopyOnWriteArraySet<>();
  private final LiveCauses causes;
  private final LiveGenAi genAi = new LiveGenAi();
  private final ArrayDeque<String> recentEnds = new ArrayDeque<>();
  private final List<ScheduledFuture<?>> timers = new ArrayList<>();

  /**
   * @param streams the open streams, read on an admin event loop
   * @param idleBudgetMillis a route's idle budget, for the gap bars
   */
  public LiveHub(Supplier<List<StreamSnapshot>> streams, ToLongFunction<String> idleBudgetMillis) {
    this(streams, idleBudgetMillis, LiveLimits.DEFAULTS);
  }

  LiveHub(
      Supplier<List<StreamSnapshot>> streams,
      ToLongFunction<String> idleBudgetMillis,
      LiveLimits limits) {
    this.streams = streams;
    this.idleBudgetMillis = idleBudgetMillis;
    this.limits = limits;
    this.causes = new LiveCauses(limits.recentAlerts());
  }

  /**
   * A consumer that hands each record to {@code next}, then to the live readers. Called on the
   * proxy's event loops: it only formats small records and queues them, and it never throws into
   * the recording path.
   */
  public Consumer<TelemetryRecord> tee(Consumer<TelemetryRecord> next) {
    return record -> {
      next.accept(record);
      try {
        accept(record);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "live page feed failed", e);
      }
    };
  }

  void accept(TelemetryRecord record) {
    genAi.accept(record);
    if (record instanceof AlertRecord a) {
      String frame = frame("alert", LiveJson.alert(causes.add(a)));
      for (LiveSubscriber s : subscribers) {
        s.offer(frame);
      }
    } else if (record instanceof StreamEnd e) {
      publish(LiveJson.streamEnd(e), "stream_end", recentEnds, limits.recentEnds());
    }
  }

  private void publish(String json, String event, ArrayDeque<String> recent, int keep) {
    String frame = frame(event, json);
    synchronized (recent) {
      recent.addLast(frame);
      while (recent.size() > keep) {
        recent.removeFirst();
      }
    }
    for (LiveSubscriber s : subscribers) {
      s.offer(frame);
    }
  }

  /** Starts the snapshot and heartbeat timers on {@code group}; once. */
  public synchronized void start(EventExecutorGroup group) {
    if (!timers.isEmpty()) {
      return;
    }
    long snap = limits.snapshotInterval().toMillis();
    long beat = limits.heartbeat().toMillis();
    timers.add(group.scheduleAtFixedRate(this::snapshotTick, snap, snap, TimeUnit.MILLISECONDS));
    timers.add(group.scheduleAtFixedRate(this::heartbeatTick, beat, beat, TimeUnit.MILLISECONDS));
  }

  private void snapshotTick() {
    if (subscribers.isEmpty()) {
      return;
    }
    try {
      List<StreamSnapshot> open = streams.get();
      genAi.retainOpen(open);
      long now = System.currentTimeMillis();
      for (LiveSubscriber s : subscribers) {
        s.offer(
            frame(
                "snapshot",
                LiveJson.snapshot(open, now, s.dropped(), idleBudgetMillis, genAi::get)));
      }
    } catch (RuntimeException e) {
      // A failed tick must not cancel the fixed-rate timer.
      LOG.log(System.Logger.Level.WARNING, "live snapshot failed", e);
    }
  }

  private void heartbeatTick() {
    for (LiveSubscriber s : subscribers) {
      s.offer(": keep-alive\n\n");
    }
  }

  /** A handler for one admin connection; serves the page and the event stream. */
  public ChannelHandler handler() {
    return new LiveHandler(this);
  }

  /** Registers a reader whose response head is already written; on its event loop. */
  LiveSubscriber subscribe(Channel channel) {
    LiveSubscriber s =
        new LiveSubscriber(channel, limits.queueCapacity(), limits.stallTimeout().toNanos());
    s.offer(
        frame(
            "hello",
            LiveJson.hello(limits.snapshotInterval().toMillis(), limits.heartbeat().toMillis())));
    List<String> replay = new ArrayList<>();
    synchronized (recentEnds) {
      replay.addAll(recentEnds);
    }
    for (LiveCauses.Cause c : causes.all()) {
      replay.add(frame("alert", LiveJson.alert(c)));
    }
    replay.forEach(s::offer);
    s.offer(
        frame(
            "snapshot",
            LiveJson.snapshot(
                streams.get(), System.currentTimeMillis(), 0, idleBudgetMillis, genAi::get)));
    subscribers.add(s);
    channel.closeFuture().addListener(f -> subscribers.remove(s));
    return s;
  }

  boolean full() {
    return subscribers.size() >= limits.maxReaders();
  }

  int subscriberCount() {
    return subscribers.size();
  }

  private static String frame(String event, String json) {
    return "event: " + event + "\ndata: " + json + "\n\n";
  }

  /** Stops the timers and closes every reader. */
  @Override
  public synchronized void close() {
    timers.forEach(t -> t.cancel(false));
    timers.clear();
    for (LiveSubscriber s : subscribers) {
      s.close();
    }
    subscribers.clear();
  }
}
