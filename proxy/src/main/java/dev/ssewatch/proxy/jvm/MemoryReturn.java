package dev.ssewatch.proxy.jvm;

import dev.ssewatch.core.config.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes the proxy's JVM give memory it no longer uses back to the operating system.
 *
 * <p>A proxy holding thousands of quiet streams needs little memory per stream, but opening them
 * makes garbage and JIT work: G1 grows the heap while they open and, with its default free ratio of
 * 70 %, keeps up to three times the live heap committed afterwards, and the C library keeps the
 * compiler's freed arenas. Neither comes back on its own. So, unless the operator already decided
 * (a flag set on the command line or by ergonomics is left alone), on G1 this:
 *
 * <ul>
 *   <li>holds the heap's free share after a resize to {@value #MIN_HEAP_FREE_RATIO}–{@value
 *       #MAX_HEAP_FREE_RATIO} % ({@code MinHeapFreeRatio}/{@code MaxHeapFreeRatio}; G1 applies them
 *       when it resizes, after a full collection or a concurrent cycle);
 *   <li>lets G1 start a concurrent cycle after {@value #PERIODIC_GC_INTERVAL_MS} ms without any
 *       collection ({@code G1PeriodicGCInterval}), so that a proxy gone quiet does resize;
 *   <li>trims the C heap ({@code malloc_trim}, glibc only) after each collection that may have
 *       shrunk the heap and at a fixed period, unless the JVM already does ({@code
 *       TrimNativeHeapInterval}).
 * </ul>
 *
 * <p>All three are manageable at run time, so the proxy needs no JVM flags: {@code java -jar
 * ssewatch.jar proxy ...} is enough. Under load none of it runs on the event loops; the trims run
 * on one daemon thread. An embedded {@code ProxyServer} never does this: a library does not tune
 * its host's JVM; only the {@code ssewatch proxy} command does.
 */
public final class MemoryReturn implements AutoCloseable {

  /** Free share of the heap G1 keeps at least after a resize, in percent. */
  static final long MIN_HEAP_FREE_RATIO = 10;

  /** Free share of the heap above which G1 shrinks it when it resizes, in percent. */
  static final long MAX_HEAP_FREE_RATIO = 20;

  /** Quiet time after which G1 starts a concurrent cycle of its own, in milliseconds. */
  static final long PERIODIC_GC_INTERVAL_MS = 60_000;

  /** How often the C heap is trimmed besides after collections. */
  static final Duration TRIM_PERIOD = Duration.ofSeconds(60);

  private final String summary;
  private final JvmControls jvm;
  private final ScheduledThreadPoolExecutor trimmer;
  private final AutoCloseable gcListener;
  private final AtomicBoolean trimQueued = new AtomicBoolean();
  private final AtomicLong trims = new AtomicLong();

  /** Changes made (or not) to the heap's flags, nothing to trim. */
  private MemoryReturn(String summary) {
    this.summary = summary;
    this.jvm = null;
    this.trimmer = null;
    this.gcListener = null;
  }

  /** And the C heap trimmed on one daemon thread, periodically and after heap-shrinking GCs. */
  private MemoryReturn(String summary, JvmControls jvm, Duration trimPeriod) {
    this.summary = summary;
    this.jvm = jvm;
    this.trimmer = new ScheduledThreadPoolExecutor(1, MemoryReturn::thread);
    trimmer.setRemoveOnCancelPolicy(true);
    long period = trimPeriod.toNanos();
    trimmer.scheduleWithFixedDelay(this::trim, period, period, TimeUnit.NANOSECONDS);
    this.gcListener = jvm.onHeapShrinkingGc(this::trimSoon);
  }

  /** Applies the policy to the running JVM; see the class comment. */
  public static MemoryReturn start() {
    HotSpotControls jvm = HotSpotControls.current();
    if (jvm == null) {
      return new MemoryReturn("not a HotSpot JVM, left as it is");
    }
    return start(jvm, TRIM_PERIOD);
  }

  static MemoryReturn start(JvmControls jvm, Duration trimPeriod) {
    List<String> done = new ArrayList<>();
    if (jvm.g1()) {
      heapRatios(jvm, done);
      setIfDefault(jvm, "G1PeriodicGCInterval", PERIODIC_GC_INTERVAL_MS, done);
    } else {
      done.add("heap left as it is (not G1)");
    }
    JvmControls.Flag jvmTrims = jvm.flag("TrimNativeHeapInterval");
    if (jvmTrims != null && jvmTrims.value() > 0) {
      done.add("native heap trimmed by the JVM (TrimNativeHeapInterval)");
      return new MemoryReturn(String.join(", ", done));
    }
    if (!jvm.trimNativeHeap()) {
      done.add("native heap not trimmable here");
      return new MemoryReturn(String.join(", ", done));
    }
    done.add("native heap trimmed after full GCs and every " + Durations.format(trimPeriod));
    return new MemoryReturn(String.join(", ", done), jvm, trimPeriod);
  }

  /** One line for the proxy's startup output: what was changed and what was left. */
  public String summary() {
    return summary;
  }

  /** How many times the C heap has been trimmed since start (not counting the first probe). */
  long trims() {
    return trims.get();
  }

  /** Stops trimming; the flags stay as set, since the JVM keeps them until it exits anyway. */
  @Override
  public void close() {
    if (gcListener != null) {
      try {
        gcListener.close();
      } catch (Exception e) {
        // Not registered any more: nothing else to stop.
      }
    }
    if (trimmer != null) {
      trimmer.shutdownNow();
    }
  }

  private void trimSoon(String gc) {
    // One trim queued at a time: a burst of collections asks for one trim, not one each.
    if (trimQueued.compareAndSet(false, true)) {
      try {
        trimmer.execute(
            () -> {
              trimQueued.set(false);
              trim();
            });
      } catch (RejectedExecutionException e) {
        // Closed while the collection was reported: no more trims wanted.
      }
    }
  }

  private void trim() {
    if (jvm.trimNativeHeap()) {
      trims.incrementAndGet();
    }
  }

  private static void heapRatios(JvmControls jvm, List<String> done) {
    JvmControls.Flag min = jvm.flag("MinHeapFreeRatio");
    JvmControls.Flag max = jvm.flag("MaxHeapFreeRatio");
    if (min == null || max == null) {
      return;
    }
    // Min must never exceed Max, before or after: the JVM refuses either change otherwise.
    long maxAfter = max.byDefault() ? MAX_HEAP_FREE_RATIO : max.value();
    if (min.byDefault() && MIN_HEAP_FREE_RATIO <= maxAfter) {
      setIfDefault(jvm, "MinHeapFreeRatio", MIN_HEAP_FREE_RATIO, done);
    } else if (!min.byDefault()) {
      done.add("MinHeapFreeRatio kept at " + min.value());
    }
    JvmControls.Flag minNow = jvm.flag("MinHeapFreeRatio");
    if (max.byDefault() && minNow != null && minNow.value() <= MAX_HEAP_FREE_RATIO) {
      setIfDefault(jvm, "MaxHeapFreeRatio", MAX_HEAP_FREE_RATIO, done);
    } else if (!max.byDefault()) {
      done.add("MaxHeapFreeRatio kept at " + max.value());
    }
  }

  private static void setIfDefault(JvmControls jvm, String name, long value, List<String> done) {
    JvmControls.Flag f = jvm.flag(name);
    if (f == null) {
      return;
    }
    if (!f.byDefault()) {
      done.add(name + " kept at " + f.value());
      return;
    }
    try {
      jvm.set(name, value);
      done.add(name + "=" + value);
    } catch (IllegalArgumentException e) {
      done.add(name + " left at " + f.value() + " (" + e.getMessage() + ")");
    }
  }

  private static Thread thread(Runnable r) {
    Thread t = new Thread(r, "ssewatch-memory-return");
    t.setDaemon(true);
    return t;
  }
}
