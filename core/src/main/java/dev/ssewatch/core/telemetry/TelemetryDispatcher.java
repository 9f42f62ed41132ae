package dev.ssewatch.core.telemetry;

import dev.ssewatch.core.config.Settings;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Placeholder with the dispatcher's public API: producers hand records over without ever blocking
 * or throwing; a bounded queue drops (and counts) what does not fit; one daemon worker batches
 * records to the sinks.
 */
public final class TelemetryDispatcher implements Consumer<TelemetryRecord>, AutoCloseable {

  private TelemetryDispatcher() {}

  /**
   * A dispatcher feeding the sinks named in {@code ssewatch.exporters} (found with {@link
   * java.util.ServiceLoader}), sized by {@code ssewatch.queue.size}.
   */
  public static TelemetryDispatcher create(Settings settings) {
    throw new UnsupportedOperationException();
  }

  /** Queues a record; returns {@code false} (and counts a drop) when the queue is full. */
  public boolean offer(TelemetryRecord record) {
    return false;
  }

  /** Same as {@link #offer}. */
  @Override
  public void accept(TelemetryRecord record) {
    offer(record);
  }

  /** Records dropped since start. */
  public long dropped() {
    return 0;
  }

  /** Waits until everything queued before this call has been exported and the sinks flushed. */
  public boolean flush(Duration timeout) {
    return true;
  }

  /** Stops accepting, drains, flushes and shuts the sinks down. */
  public boolean shutdown(Duration timeout) {
    return true;
  }

  @Override
  public void close() {
    shutdown(Duration.ofSeconds(5));
  }
}
