package dev.ssewatch.core.testing;

import dev.ssewatch.core.telemetry.TelemetryRecord;
import dev.ssewatch.core.telemetry.TelemetrySink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A sink whose every export waits for a permit the test hands out with {@link #pass}: the
 * dispatcher's worker stops inside an export, so the test decides how full the queue is when the
 * worker looks at it next. Keeps the records of every export that got through.
 */
public final class GatedSink implements TelemetrySink {

  private final Semaphore permits = new Semaphore(0);
  private final AtomicInteger entered = new AtomicInteger();
  private final List<TelemetryRecord> records = new CopyOnWriteArrayList<>();
  private volatile boolean open;

  /** Export calls begun so far, the one waiting for a permit included. */
  public int entered() {
    return entered.get();
  }

  /** Lets {@code n} more export calls through. */
  public void pass(int n) {
    permits.release(n);
  }

  /** Lets every export through from now on. */
  public void open() {
    open = true;
    permits.release(Integer.MAX_VALUE / 2);
  }

  /** The records of the exports that got through, in order. */
  public List<TelemetryRecord> records() {
    return new ArrayList<>(records);
  }

  @Override
  public void export(List<TelemetryRecord> batch) {
    entered.incrementAndGet();
    if (!open) {
      // Uninterruptibly: shutting the dispatcher down interrupts its worker.
      permits.acquireUninterruptibly();
    }
    records.addAll(batch);
  }

  @Override
  public void flush() {}

  @Override
  public void shutdown() {
    open();
  }
}
