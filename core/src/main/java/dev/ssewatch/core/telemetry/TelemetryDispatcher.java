package dev.ssewatch.core.telemetry;

import dev.ssewatch.core.config.Durations;
import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.config.SettingsException;
import dev.ssewatch.core.time.TimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Hands telemetry from the threads that observe streams to the sinks: producers ({@link #offer})
 * never block, never throw and never take a lock; a bounded queue drops (and counts) what does not
 * fit; one daemon worker, {@value #THREAD_NAME}, batches records to every sink.
 *
 * <p>A batch goes out when it reaches {@linkplain Builder#batchSize the batch size} or when its
 * oldest record has waited {@linkplain Builder#batchDelay the batch delay}, whichever comes first.
 * A sink that throws loses that batch, not the worker; a sink that hangs blocks only the worker, so
 * the queue fills and further records are dropped. Drops are reported as a {@link TelemetryDropped}
 * record once the worker runs again, at most once per batch delay.
 *
 * <p>Under overload the queue fills before it overflows, and the worker says so: {@link
 * #shedding()} turns on when the worker finds the queue at least three quarters full and off again
 * once it is at most half full (apart, so the signal does not flap around one level; and high, so a
 * burst the queue can absorb loses nothing). Producers read it to stop building the records that
 * matter least (per-event records) while there is still room for the ones that matter most (stream
 * start and end, progress, alerts), and report what they did not offer with {@link #countDropped},
 * so it is counted with the drops. The worker evaluates it at every turn of its loop and right
 * after every export, a long export being when the queue grows, and does not wait for a batch to
 * fill while it is on.
 *
 * <p>Alerts are grouped by cause on the worker ({@link AlertGrouper}): the first of a cause is
 * exported, its repeats within {@linkplain Builder#alertGrouping the window} are counted into one
 * {@link AlertSummary}. Producers offer every alert as before; the holding back costs them nothing.
 */
public final class TelemetryDispatcher implements Consumer<TelemetryRecord>, AutoCloseable {

  /** The worker thread's name. */
  public static final String THREAD_NAME = "ssewatch-telemetry";

  /** Default {@code ssewatch.queue.size}: records waiting for export before drops begin. */
  public static final int DEFAULT_QUEUE_SIZE = 65_536;

  /** Default {@code ssewatch.batch.size}: records per export call at most. */
  public static final int DEFAULT_BATCH_SIZE = 512;

  /** Default {@code ssewatch.batch.delay}: the longest a record waits for its batch to fill. */
  public static final Duration DEFAULT_BATCH_DELAY = Duration.ofSeconds(1);

  /** Upper bound of {@code ssewatch.queue.size}: 16 Mi slots is already ~200 MB of references. */
  public static final int MAX_QUEUE_SIZE = 1 << 24;

  /** Default {@code ssewatch.alerts.group-window}: repeats of a cause counted into one summary. */
  public static final Duration DEFAULT_ALERT_GROUP_WINDOW = AlertGrouper.DEFAULT_WINDOW;

  /** Default {@code ssewatch.alerts.max-causes}: alert causes grouped at once. */
  public static final int DEFAULT_ALERT_MAX_CAUSES = AlertGrouper.DEFAULT_MAX_CAUSES;

  /** How often each exporter's health is reported when its state has not changed. */
  static final Duration HEALTH_REPORT_INTERVAL = Duration.ofMinutes(1);

  static final Duration MIN_BATCH_DELAY = Duration.ofMillis(1);
  static final Duration MAX_BATCH_DELAY = Duration.ofHours(1);

  /** How often a waiting flush re-checks a slot a slow producer has claimed but not yet filled. */
  private static final long FLUSH_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final BoundedMpscQueue<TelemetryRecord> queue;
  private final List<TelemetrySink> sinks;
  private final List<String> sinkNames;
  private final List<ExporterHealth> health;
  private final int batchSize;
  private final long batchDelayNanos;
  private final TimeSource time;
  private final Thread worker;

  /** Worker-only, apart from its counters. */
  private final AlertGrouper grouper;

  private final LongAdder dropped = new LongAdder();
  private final LongAdder exported = new LongAdder();
  private final LongAdder exportFailures = new LongAdder();

  private final ConcurrentLinkedQueue<FlushRequest> flushRequests = new ConcurrentLinkedQueue<>();

  private volatile boolean accepting = true;
  private volatile boolean stopRequested;

  /**
   * Written by the worker only, and only when it changes: producers read it for every event, so its
   * cache line must stay clean, unlike the queue's counters that move with every record.
   */
  private volatile boolean shedding;

  /** Queue sizes at which {@link #shedding} turns on (at least) and off (at most). */
  private final int shedOnAt;

  private final int shedOffAt;

  // Worker-only state.
  private long droppedReported;
  private long lastDropReportNanos;
  private final long[] healthChangesReported;
  private long lastHealthReportNanos;

  /** Per sink (index + 1), and the dispatcher itself (0): whether a failure was printed. */
  private final boolean[] failureReported;

  /** A {@link #flush} caller waits until the worker has taken and exported {@code target}. */
  private static final class FlushRequest {
    final long target;
    final CountDownLatch done = new CountDownLatch(1);

    FlushRequest(long target) {
      this.target = target;
    }
  }

  private TelemetryDispatcher(Builder b) {
    this.queue = new BoundedMpscQueue<>(b.queueSize);
    this.sinks = List.copyOf(b.sinks);
    this.sinkNames = List.copyOf(b.sinkNames);
    this.batchSize = b.batchSize;
    this.batchDelayNanos = b.batchDelay.toNanos();
    this.time = b.time;
    this.grouper = new AlertGrouper(b.alertGroupWindow, b.alertMaxCauses);
    this.failureReported = new boolean[sinks.size() + 1];
    List<ExporterHealth> h = new ArrayList<>();
    for (TelemetrySink sink : sinks) {
      sink.health().ifPresent(h::add);
    }
    this.health = List.copyOf(h);
    this.healthChangesReported = new long[health.size()];
    // At half full, bursts that a full queue would have carried through were shed: three quarters
    // keeps a quarter for the records that matter more and loses nothing to a burst that fits.
    this.shedOnAt = Math.max(1, queue.capacity() - queue.capacity() / 4);
    this.shedOffAt = queue.capacity() / 2;
    this.lastDropReportNanos = time.nanoTime() - batchDelayNanos;
    this.lastHealthReportNanos = time.nanoTime();
    this.worker = new Thread(this::work, THREAD_NAME);
    worker.setDaemon(true);
    // Created from whatever thread builds us (in the agent: an application thread); don't let the
    // worker pin that thread's context class loader, e.g. a web application's.
    worker.setContextClassLoader(TelemetryDispatcher.class.getClassLoader());
    worker.start();
  }

  /** A builder with the documented defaults and no sinks. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A dispatcher feeding the sinks named in {@code ssewatch.exporters} (found with {@link
   * java.util.ServiceLoader} by {@link TelemetrySinkProvider#name()}), sized by {@code
   * ssewatch.queue.size}, {@code ssewatch.batch.size} and {@code ssewatch.batch.delay}.
   *
   * @throws SettingsException for a malformed value or an exporter no provider offers; the message
   *     lists the available names
   */
  public static TelemetryDispatcher create(Settings settings) {
    int queueSize = settings.intValue("ssewatch.queue.size", DEFAULT_QUEUE_SIZE, 1, MAX_QUEUE_SIZE);
    int batchSize =
        settings.intValue(
            "ssewatch.batch.size", Math.min(DEFAULT_BATCH_SIZE, queueSize), 1, queueSize);
    Duration delay = settings.duration("ssewatch.batch.delay", DEFAULT_BATCH_DELAY);
    if (delay.compareTo(MIN_BATCH_DELAY) < 0 || delay.compareTo(MAX_BATCH_DELAY) > 0) {
      throw new SettingsException(
          "ssewatch.batch.delay", "expected from 1ms to 1h, got " + Durations.format(delay));
    }
    List<String> names = settings.list("ssewatch.exporters", List.of("jsonl"));
    Map<String, TelemetrySinkProvider> providers = providers();
    List<String> wanted = new ArrayList<>();
    for (String name : names) {
      String n = name.toLowerCase(Locale.ROOT);
      if (!providers.containsKey(n)) {
        throw new SettingsException(
            "ssewatch.exporters",
            "no exporter named '"
                + name
                + "'; available: "
                + String.join(", ", providers.keySet()));
      }
      if (!wanted.contains(n)) {
        wanted.add(n);
      }
    }
    Duration groupWindow =
        settings.duration("ssewatch.alerts.group-window", DEFAULT_ALERT_GROUP_WINDOW);
    if (groupWindow.isNegative() || groupWindow.compareTo(AlertGrouper.MAX_WINDOW) > 0) {
      throw new SettingsException(
          "ssewatch.alerts.group-window",
          "expected from 0 (off) to 24h, got " + Durations.format(groupWindow));
    }
    int maxCauses =
        settings.intValue(
            "ssewatch.alerts.max-causes", DEFAULT_ALERT_MAX_CAUSES, 1, AlertGrouper.MAX_MAX_CAUSES);
    Builder b =
        builder()
            .queueSize(queueSize)
            .batchSize(batchSize)
            .batchDelay(delay)
            .alertGrouping(groupWindow, maxCauses);
    List<TelemetrySink> created = new ArrayList<>();
    try {
      for (String n : wanted) {
        TelemetrySink sink = providers.get(n).create(settings);
        created.add(sink);
        b.sink(n, sink);
      }
    } catch (RuntimeException e) {
      // Don't leak the files or connections of the sinks made before the bad one.
      for (TelemetrySink s : created) {
        try {
          s.shutdown();
        } catch (RuntimeException ignored) {
          // Already failing; the original error is the one worth reporting.
        }
      }
      throw e;
    }
    return b.build();
  }

  /** The sink providers on the class path by lower-cased name; broken ones are skipped. */
  static Map<String, TelemetrySinkProvider> providers() {
    Map<String, TelemetrySinkProvider> out = new TreeMap<>();
    ServiceLoader<TelemetrySinkProvider> loader =
        ServiceLoader.load(TelemetrySinkProvider.class, TelemetryDispatcher.class.getClassLoader());
    var it = loader.iterator();
    while (true) {
      try {
        if (!it.hasNext()) {
          break;
        }
        TelemetrySinkProvider p = it.next();
        out.putIfAbsent(p.name().toLowerCase(Locale.ROOT), p);
      } catch (ServiceConfigurationError e) {
        // A provider whose dependencies are missing must not hide the others.
        System.err.println("ssewatch: skipping a telemetry exporter that cannot load: " + e);
      }
    }
    return out;
  }

  /**
   * Queues a record; returns {@code false} (and counts a drop) when the queue is full or the
   * dispatcher is shut down. Never blocks, never throws; {@code null} is ignored.
   */
  public boolean offer(TelemetryRecord record) {
    if (record == null) {
      return false;
    }
    long pos = accepting ? queue.offerAt(record) : -1;
    if (pos < 0) {
      dropped.increment();
      return false;
    }
    // Wake the worker early only when a full batch may be waiting: unparking on every offer would
    // cost each producer a system call. The test is on the position taken, not the queue's size, so
    // a producer never reads the consumer's counter (a cache line the worker writes for every
    // record). One position in every batchSize is a multiple of it, so a parked worker is woken by
    // the time about two batches wait, or by its batch deadline. No "already signalled" flag: this
    // method is inlined into the application's write path (under the agent), and a branch taken
    // once in a blue moon there (two producers racing to signal) made the JIT throw away and
    // recompile the application's compiled method; an extra unpark of a running worker costs only
    // one more turn of its loop, once per batch.
    if ((pos + 1) % batchSize == 0) {
      LockSupport.unpark(worker);
    }
    return true;
  }

  /** Same as {@link #offer}. */
  @Override
  public void accept(TelemetryRecord record) {
    offer(record);
  }

  /**
   * Records lost since start: dropped here (queue full, or offered after shutdown) or never offered
   * by their producer ({@link #countDropped}).
   */
  public long dropped() {
    return dropped.sum();
  }

  /**
   * Counts {@code n} records a producer decided not to offer (built or not), typically because
   * {@link #shedding()}: they are reported with the drops, in {@link #dropped()} and {@link
   * TelemetryDropped}. Producers should add up their own and call this now and then, not per
   * record: the counter is shared by every producer. Values below 1 are ignored.
   */
  public void countDropped(long n) {
    if (n > 0) {
      dropped.add(n);
    }
  }

  /**
   * Whether the queue is filling faster than the sinks take it: on from when the worker finds it at
   * least three quarters full until it finds it at most half full. Producers shed their least
   * important records meanwhile, keeping room for the rest. A single volatile read of a field the
   * worker writes only when the answer changes.
   */
  public boolean shedding() {
    return shedding;
  }

  /** Records handed to the sinks since start (a sink's own failures are not subtracted). */
  public long exported() {
    return exported.sum();
  }

  /** Records waiting in the queue now (approximate while producers run). */
  public int queued() {
    return queue.size();
  }

  /** Export calls that threw, over all sinks. */
  public long exportFailures() {
    return exportFailures.sum();
  }

  /** The queue's capacity: {@code ssewatch.queue.size} rounded up to a power of two. */
  public int capacity() {
    return queue.capacity();
  }

  /** Alerts counted into a cause's window instead of exported on their own, since start. */
  public long alertsHeld() {
    return grouper.held();
  }

  /** {@link AlertSummary} records made since start. */
  public long alertSummaries() {
    return grouper.summarised();
  }

  /**
   * Alerts exported on their own, ungrouped, because {@code ssewatch.alerts.max-causes} causes were
   * already being grouped, since start.
   */
  public long alertsUngrouped() {
    return grouper.untracked();
  }

  /** The health of every sink that tracks it, in configuration order. */
  public List<ExporterHealth> exporterHealth() {
    return health;
  }

  /** The names of the sinks this dispatcher feeds, as configured. */
  public List<String> sinkNames() {
    return sinkNames;
  }

  /**
   * Waits until everything queued before this call has been exported and the sinks flushed. Returns
   * {@code false} if that did not happen within {@code timeout} (a stuck sink, say).
   */
  public boolean flush(Duration timeout) {
    if (!worker.isAlive()) {
      return queue.size() == 0;
    }
    FlushRequest request = new FlushRequest(queue.offered());
    flushRequests.add(request);
    if (stopRequested) {
      // Shutting down drains and flushes anyway. Checked after queueing the request: if the
      // worker's last sweep of requests missed it, the stop was already visible here.
      try {
        worker.join(Math.max(1, timeout.toMillis()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return !worker.isAlive();
    }
    LockSupport.unpark(worker);
    try {
      return request.done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Stops accepting, drains the queue, flushes and shuts the sinks down. Returns {@code false} if
   * that did not finish within {@code timeout}; the worker is then interrupted and, being a daemon,
   * does not keep the JVM alive.
   */
  public boolean shutdown(Duration timeout) {
    accepting = false;
    stopRequested = true;
    LockSupport.unpark(worker);
    if (Thread.currentThread() == worker) {
      return false; // a sink calling shutdown from export: the loop ends after this batch
    }
    try {
      worker.join(Math.max(1, timeout.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (worker.isAlive()) {
      // An interruptible wait inside a stuck sink may give up now.
      worker.interrupt();
      return false;
    }
    return true;
  }

  @Override
  public void close() {
    shutdown(Duration.ofSeconds(5));
  }

  private void work() {
    List<TelemetryRecord> batch = new ArrayList<>(batchSize);
    long batchDeadline = 0;
    while (true) {
      try {
        boolean stopping = stopRequested;
        TelemetryRecord r;
        while (batch.size() < batchSize && (r = queue.poll()) != null) {
          if (batch.isEmpty()) {
            batchDeadline = time.nanoTime() + batchDelayNanos;
          }
          // An exact class test: this loop runs for every record, nearly all of them events.
          if (r.getClass() == AlertRecord.class
              && !grouper.admit((AlertRecord) r, time.nanoTime(), batch, time.epochMillis())) {
            continue; // counted into its cause's summary
          }
          batch.add(r);
        }
        if (batch.size() >= batchSize) {
          batch = export(batch);
          continue;
        }
        // The queue was just emptied into a partial batch: look again now. Producers that were told
        // to hold back offer fewer records, hence fewer wake-ups; a signal left on while the worker
        // waits for its batch deadline would shed every event until then.
        updateShedding();
        long now = time.nanoTime();
        if (grouper.hasOpenWindows() && now - grouper.nextEndNanos() >= 0) {
          int before = batch.size();
          grouper.closeDue(now, batch, time.epochMillis());
          if (batch.size() > before) {
            batchDeadline = now; // a summary is due at its window's end, not a batch delay later
          }
        }
        FlushRequest flush = flushRequests.peek();
        if (!batch.isEmpty() && (now - batchDeadline >= 0 || flush != null || stopping)) {
          batch = export(batch);
        } else if (batch.isEmpty() && (dropReportDue(now) || healthReportDue(now))) {
          batch = export(batch); // just the reports
        }
        if (flush != null) {
          completeFlushes();
        }
        if (stopping && queue.size() == 0 && batch.isEmpty()) {
          finish();
          return;
        }
        long wait = batch.isEmpty() ? batchDelayNanos : Math.max(0, batchDeadline - now);
        if (grouper.hasOpenWindows()) {
          wait = Math.min(wait, Math.max(0, grouper.nextEndNanos() - now));
        }
        if (!flushRequests.isEmpty() || stopping) {
          wait = Math.min(wait, FLUSH_POLL_NANOS);
        }
        if (wait > 0 && queue.size() < batchSize && !shedding) {
          LockSupport.parkNanos(this, wait);
        }
        Thread.interrupted(); // an interrupt from shutdown is a wake-up here, not a stop
      } catch (Throwable t) {
        // A bug here must not end telemetry for the life of the process. A fresh list, not
        // clear(): the failure may have come after a sink was handed this one.
        batch = new ArrayList<>();
        reportOnce(-1, t);
        LockSupport.parkNanos(this, batchDelayNanos); // and a repeating one must not spin
      }
    }
  }

  /**
   * Exports {@code batch} (plus a drop report when due) to every sink; returns the list to fill
   * next: {@code batch} itself if nothing went out, else a fresh one.
   */
  private List<TelemetryRecord> export(List<TelemetryRecord> batch) {
    long now = time.nanoTime();
    if (dropReportDue(now)) {
      long total = dropped.sum();
      batch.add(new TelemetryDropped(time.epochMillis(), total - droppedReported, total));
      droppedReported = total;
      lastDropReportNanos = now;
    }
    if (healthReportDue(now)) {
      reportHealth(batch, now);
    }
    if (batch.isEmpty()) {
      return batch;
    }
    // Unmodifiable, and never touched again: a sink may keep the list (an asynchronous client)
    // after we move on. The batch itself is handed over, not a copy: copying it (List.copyOf) took
    // about a tenth of this thread's samples in a profile of the agent at full speed, and half of
    // its allocation per record.
    List<TelemetryRecord> out = Collections.unmodifiableList(batch);
    for (int i = 0; i < sinks.size(); i++) {
      try {
        sinks.get(i).export(out);
      } catch (Throwable t) {
        exportFailures.increment();
        reportOnce(i, t);
      }
    }
    int n = batch.size();
    exported.add(n);
    // A long export is when the queue grows most: tell producers now, not after the next batch.
    updateShedding();
    // A full batch's array after a full batch (under load, every one: no growing); as few slots as
    // this one used when records trickle in, so a large ssewatch.batch.size does not cost its full
    // array every batch delay.
    return new ArrayList<>(n >= batchSize ? batchSize : Math.max(16, n));
  }

  /** Turns {@link #shedding} on at three quarters full, off at half; written when it changes. */
  private void updateShedding() {
    int size = queue.size();
    if (shedding) {
      if (size <= shedOffAt) {
        shedding = false;
      }
    } else if (size >= shedOnAt) {
      shedding = true;
    }
  }

  /** An exporter changed state since its last report, or a minute passed since the last. */
  private boolean healthReportDue(long now) {
    if (health.isEmpty()) {
      return false;
    }
    if (now - lastHealthReportNanos >= HEALTH_REPORT_INTERVAL.toNanos()) {
      return true;
    }
    for (int i = 0; i < health.size(); i++) {
      if (health.get(i).changes() != healthChangesReported[i]) {
        return true;
      }
    }
    return false;
  }

  /** Adds a report of each exporter that changed state, or of every one once a minute. */
  private void reportHealth(List<TelemetryRecord> batch, long now) {
    boolean all = now - lastHealthReportNanos >= HEALTH_REPORT_INTERVAL.toNanos();
    long ts = time.epochMillis();
    for (int i = 0; i < health.size(); i++) {
      ExporterHealth h = health.get(i);
      long changes = h.changes();
      if (all || changes != healthChangesReported[i]) {
        healthChangesReported[i] = changes;
        batch.add(ExporterHealthRecord.of(ts, h));
      }
    }
    if (all) {
      lastHealthReportNanos = now;
    }
  }

  private boolean dropReportDue(long now) {
    return dropped.sum() > droppedReported && now - lastDropReportNanos >= batchDelayNanos;
  }

  private void completeFlushes() {
    FlushRequest f;
    while ((f = flushRequests.peek()) != null && queue.taken() >= f.target) {
      flushSinks();
      // Later requests with an equal or smaller target are satisfied by the same sink flush.
      long done = queue.taken();
      while ((f = flushRequests.peek()) != null && f.target <= done) {
        flushRequests.poll();
        f.done.countDown();
      }
    }
  }

  private void flushSinks() {
    for (int i = 0; i < sinks.size(); i++) {
      try {
        sinks.get(i).flush();
      } catch (Throwable t) {
        reportOnce(i, t);
      }
    }
  }

  private void finish() {
    List<TelemetryRecord> last = new ArrayList<>(1);
    // Repeats counted in windows still open are reported now rather than lost with the process.
    grouper.closeAll(time.nanoTime(), last, time.epochMillis());
    lastDropReportNanos = time.nanoTime() - batchDelayNanos; // report any loss before going
    export(last);
    // No flush first: a sink's shutdown flushes (the SPI's contract), and a second round trip per
    // sink would double the time a slow exporter holds up the end of the process.
    for (int i = 0; i < sinks.size(); i++) {
      try {
        sinks.get(i).shutdown();
      } catch (Throwable t) {
        reportOnce(i, t);
      }
    }
    FlushRequest f;
    while ((f = flushRequests.poll()) != null) {
      f.done.countDown();
    }
  }

  private void reportOnce(int sink, Throwable t) {
    if (failureReported[sink + 1]) {
      return;
    }
    failureReported[sink + 1] = true;
    // The class only, never the message: an exporter's message may quote a connection string.
    String who = sink >= 0 ? "exporter '" + sinkNames.get(sink) + "'" : "dispatcher";
    System.err.println(
        "ssewatch: telemetry "
            + who
            + " failed with "
            + t.getClass().getName()
            + " (further failures are counted, not shown)");
  }

  /**
   * Configures a dispatcher. The defaults follow the OpenTelemetry SDK's batch processor: a bounded
   * queue of {@value TelemetryDispatcher#DEFAULT_QUEUE_SIZE} records, batches of at most {@value
   * TelemetryDispatcher#DEFAULT_BATCH_SIZE}, sent at least every second.
   */
  public static final class Builder {
    private int queueSize = DEFAULT_QUEUE_SIZE;
    private int batchSize = -1; // unset: the default, capped at the queue size
    private Duration batchDelay = DEFAULT_BATCH_DELAY;
    private TimeSource time = TimeSource.system();
    private Duration alertGroupWindow = DEFAULT_ALERT_GROUP_WINDOW;
    private int alertMaxCauses = DEFAULT_ALERT_MAX_CAUSES;
    private final List<TelemetrySink> sinks = new ArrayList<>();
    private final List<String> sinkNames = new ArrayList<>();

    private Builder() {}

    /**
     * Records that may wait for export; more are dropped. From 1 to {@value
     * TelemetryDispatcher#MAX_QUEUE_SIZE}, rounded up to a power of two.
     */
    public Builder queueSize(int queueSize) {
      if (queueSize < 1 || queueSize > MAX_QUEUE_SIZE) {
        throw new IllegalArgumentException(
            "queue size must be from 1 to " + MAX_QUEUE_SIZE + ", got " + queueSize);
      }
      this.queueSize = queueSize;
      return this;
    }

    /**
     * Records per export call at most; from 1 to the queue size. Unset, it is {@value
     * TelemetryDispatcher#DEFAULT_BATCH_SIZE} or the queue size if smaller.
     */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1) {
        throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /** The longest a record waits for its batch to fill: from 1 ms to 1 h. */
    public Builder batchDelay(Duration batchDelay) {
      Objects.requireNonNull(batchDelay, "batchDelay");
      if (batchDelay.compareTo(MIN_BATCH_DELAY) < 0 || batchDelay.compareTo(MAX_BATCH_DELAY) > 0) {
        throw new IllegalArgumentException("batch delay must be from 1ms to 1h, got " + batchDelay);
      }
      this.batchDelay = batchDelay;
      return this;
    }

    /** Adds a sink; every sink receives every batch. */
    public Builder sink(TelemetrySink sink) {
      String simple = sink.getClass().getSimpleName();
      return sink(simple.isEmpty() ? sink.getClass().getName() : simple, sink);
    }

    /** Adds a sink under a name used in error messages. */
    public Builder sink(String name, TelemetrySink sink) {
      sinks.add(Objects.requireNonNull(sink, "sink"));
      sinkNames.add(Objects.requireNonNull(name, "name"));
      return this;
    }

    /**
     * Alert grouping: repeats of a cause within {@code window} after its first alert are counted
     * into one {@link AlertSummary}, for at most {@code maxCauses} causes at once (alerts of
     * further causes are exported ungrouped). A zero window turns grouping off. By default {@value
     * TelemetryDispatcher#DEFAULT_ALERT_MAX_CAUSES} causes in windows of five minutes.
     */
    public Builder alertGrouping(Duration window, int maxCauses) {
      Objects.requireNonNull(window, "window");
      if (window.isNegative() || window.compareTo(AlertGrouper.MAX_WINDOW) > 0) {
        throw new IllegalArgumentException(
            "alert group window must be from 0 to 24h, got " + window);
      }
      if (maxCauses < 1 || maxCauses > AlertGrouper.MAX_MAX_CAUSES) {
        throw new IllegalArgumentException(
            "alert max causes must be from 1 to "
                + AlertGrouper.MAX_MAX_CAUSES
                + ", got "
                + maxCauses);
      }
      this.alertGroupWindow = window;
      this.alertMaxCauses = maxCauses;
      return this;
    }

    /** The clock for batch deadlines and record timestamps; the system clock by default. */
    public Builder timeSource(TimeSource time) {
      this.time = Objects.requireNonNull(time, "time");
      return this;
    }

    /** Starts the worker thread. */
    public TelemetryDispatcher build() {
      if (batchSize < 0) {
        batchSize = Math.min(DEFAULT_BATCH_SIZE, queueSize);
      } else if (batchSize > queueSize) {
        throw new IllegalArgumentException(
            "batch size " + batchSize + " exceeds queue size " + queueSize);
      }
      return new TelemetryDispatcher(this);
    }
  }
}
