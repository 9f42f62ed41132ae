package dev.ssewatch.core.telemetry;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A sink for dispatcher tests: keeps every batch; optionally blocks in {@code export} until {@link
 * #release()} (a stuck exporter) or throws on chosen batches (a broken one).
 */
final class CollectingSink implements TelemetrySink {

  final List<List<TelemetryRecord>> batches = new CopyOnWriteArrayList<>();
  final AtomicInteger flushes = new AtomicInteger();
  final AtomicInteger shutdowns = new AtomicInteger();
  final CountDownLatch entered = new CountDownLatch(1);
  private final CountDownLatch gate;
  private final AtomicInteger throwOnCalls = new AtomicInteger(-1);
  private final AtomicInteger calls = new AtomicInteger();

  private CollectingSink(CountDownLatch gate) {
    this.gate = gate;
  }

  static CollectingSink open() {
    return new CollectingSink(new CountDownLatch(0));
  }

  /** Blocks every export until {@link #release()}, ignoring interrupts as a badly behaved sink. */
  static CollectingSink stuck() {
    return new CollectingSink(new CountDownLatch(1));
  }

  /** Throws from the {@code n}th export call (0-based) instead of keeping that batch. */
  CollectingSink throwingOnCall(int n) {
    throwOnCalls.set(n);
    return this;
  }

  void release() {
    gate.countDown();
  }

  @Override
  public void export(List<TelemetryRecord> batch) {
    entered.countDown();
    while (true) {
      try {
        if (gate.await(1, TimeUnit.HOURS)) {
          break;
        }
      } catch (InterruptedException e) {
        // Stuck for real: a hung socket write does not care about interrupts either.
      }
    }
    if (calls.getAndIncrement() == throwOnCalls.get()) {
      throw new IllegalStateException("exporter broke");
    }
    batches.add(batch);
  }

  @Override
  public void flush() {
    flushes.incrementAndGet();
  }

  @Override
  public void shutdown() {
    shutdowns.incrementAndGet();
  }

  List<TelemetryRecord> records() {
    List<TelemetryRecord> all = new ArrayList<>();
    for (List<TelemetryRecord> b : batches) {
      all.addAll(b);
    }
    return all;
  }

  List<TelemetryDropped> dropReports() {
    List<TelemetryDropped> out = new ArrayList<>();
    for (TelemetryRecord r : records()) {
      if (r instanceof TelemetryDropped d) {
        out.add(d);
      }
    }
    return out;
  }

  long events() {
    return records().stream().filter(r -> r instanceof EventRecord).count();
  }
}
