package dev.ssewatch.exporters.eventhubs;

import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventDataBatch;
import com.azure.messaging.eventhubs.EventHubProducerAsyncClient;
import com.azure.messaging.eventhubs.models.CreateBatchOptions;
import dev.ssewatch.core.telemetry.JsonLines;
import dev.ssewatch.core.telemetry.TelemetryRecord;
import dev.ssewatch.core.telemetry.TelemetrySink;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends each telemetry record as one JSON document (the JSON-lines schema) to an event hub.
 *
 * <p>{@link #export} only offers records to a bounded buffer and never blocks: when the buffer is
 * full, records are dropped and counted. A daemon thread of its own drains the buffer, groups the
 * records by stream (the partition key, so a stream's records stay in order on one partition),
 * packs them into {@link EventDataBatch}es and sends them; the client retries with exponential
 * backoff. A hub that is down, slow or refusing therefore costs the dispatcher nothing.
 */
public final class EventHubsSink implements TelemetrySink {

  /** Application property: the JSON-lines schema version of the body. */
  public static final String SCHEMA_PROPERTY = "ssewatch.schema";

  /** Application property: the record type ({@code stream_start}, {@code event}…). */
  public static final String RECORD_PROPERTY = "ssewatch.record";

  private static final Logger LOG = Logger.getLogger(EventHubsSink.class.getName());

  /** Records the sender takes per round: enough to fill batches, small enough to stay fair. */
  private static final int DRAIN = 1000;

  private final EventHubProducerAsyncClient producer;
  private final Duration sendBound;
  private final ArrayBlockingQueue<TelemetryRecord> buffer;
  private final Duration timeout;
  private final Thread sender;
  private final AtomicLong offered = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final Object progress = new Object();
  private long processed; // guarded by progress
  private volatile boolean stopping;

  /**
   * @param sendBound the longest the sender waits for one batch, retries included: the client's own
   *     timers do not always fire (a link detached mid-send can leave a send pending forever)
   */
  EventHubsSink(
      EventHubProducerAsyncClient producer, int bufferSize, Duration timeout, Duration sendBound) {
    this.producer = producer;
    this.sendBound = sendBound;
    this.buffer = new ArrayBlockingQueue<>(bufferSize);
    this.timeout = timeout;
    this.sender = new Thread(this::run, "ssewatch-event-hubs-sender");
    this.sender.setDaemon(true);
    this.sender.start();
  }

  @Override
  public void export(List<TelemetryRecord> batch) {
    if (stopping) {
      dropped.addAndGet(batch.size());
      return;
    }
    for (TelemetryRecord r : batch) {
      if (buffer.offer(r)) {
        offered.incrementAndGet();
      } else {
        dropped.incrementAndGet();
      }
    }
  }

  /** Waits, at most the shutdown timeout, until everything offered so far was sent or failed. */
  @Override
  public void flush() {
    awaitSent(System.nanoTime() + timeout.toNanos());
  }

  private void awaitSent(long deadline) {
    long target = offered.get();
    synchronized (progress) {
      while (processed < target) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(progress, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /**
   * Sends what it can, stops the sender and closes the client, all within one shutdown timeout:
   * core shuts the exporters down one after another within a budget shared by all of them.
   */
  @Override
  public void shutdown() {
    if (stopping) {
      return;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    awaitSent(deadline);
    stopping = true;
    sender.interrupt();
    try {
      sender.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    long left = buffer.size();
    if (left > 0) {
      dropped.addAndGet(left);
      buffer.clear();
    }
    // Closing the AMQP connection waits on the peer, which may be the thing that is stalled.
    Thread closer =
        new Thread(
            () -> {
              try {
                producer.close();
              } catch (RuntimeException e) {
                LOG.log(Level.FINE, "event-hubs: closing the producer failed", e);
              }
            },
            "ssewatch-event-hubs-close");
    closer.setDaemon(true);
    closer.start();
    try {
      closer.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Records dropped because the buffer was full (or the sink stopped). */
  public long dropped() {
    return dropped.get();
  }

  /** Records the hub accepted. */
  public long sent() {
    return sent.get();
  }

  /** Records given up on after the client's retries. */
  public long failed() {
    return failed.get();
  }

  /** Records waiting in the buffer now; never more than the configured buffer size. */
  public int buffered() {
    return buffer.size();
  }

  private void run() {
    List<TelemetryRecord> round = new ArrayList<>(DRAIN);
    while (!stopping) {
      try {
        TelemetryRecord first = buffer.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        round.add(first);
        buffer.drainTo(round, DRAIN - 1);
        send(round);
      } catch (InterruptedException e) {
        if (stopping) {
          break;
        }
      } catch (RuntimeException | Error e) {
        // Keep the sender alive whatever the client throws: a dead sender would fill the buffer.
        failed.addAndGet(round.size());
        warnOnce(e);
      } finally {
        int n = round.size();
        round.clear();
        if (n > 0) {
          synchronized (progress) {
            processed += n;
            progress.notifyAll();
          }
        }
      }
    }
  }

  private void send(List<TelemetryRecord> records) {
    // Insertion order keeps each stream's records in the order they were made.
    Map<String, List<TelemetryRecord>> byStream = new LinkedHashMap<>();
    for (TelemetryRecord r : records) {
      byStream.computeIfAbsent(r.streamId(), k -> new ArrayList<>()).add(r);
    }
    for (Map.Entry<String, List<TelemetryRecord>> e : byStream.entrySet()) {
      sendStream(e.getKey(), e.getValue());
    }
  }

  private void sendStream(String partitionKey, List<TelemetryRecord> records) {
    CreateBatchOptions options = new CreateBatchOptions();
    if (partitionKey != null) {
      options.setPartitionKey(partitionKey);
    }
    int done = 0;
    try {
      EventDataBatch batch = producer.createBatch(options).block(sendBound);
      int inBatch = 0;
      for (TelemetryRecord r : records) {
        EventData event = toEvent(r);
        if (!batch.tryAdd(event)) {
          if (inBatch > 0) {
            producer.send(batch).block(sendBound);
            sent.addAndGet(inBatch);
            done += inBatch;
          }
          batch = producer.createBatch(options).block(sendBound);
          inBatch = 0;
          if (!batch.tryAdd(event)) {
            // Larger than the hub's maximum message size on its own: nothing to retry.
            failed.incrementAndGet();
            done++;
            continue;
          }
        }
        inBatch++;
      }
      if (inBatch > 0) {
        producer.send(batch).block(sendBound);
        sent.addAndGet(inBatch);
        done += inBatch;
      }
    } catch (RuntimeException e) {
      failed.addAndGet(records.size() - done);
      warnOnce(e);
    }
  }

  /** The event for one record: the JSON-lines document, plus schema and type as properties. */
  static EventData toEvent(TelemetryRecord r) {
    EventData event = new EventData(JsonLines.toJson(r).getBytes(StandardCharsets.UTF_8));
    event.setContentType("application/json");
    event.getProperties().put(SCHEMA_PROPERTY, JsonLines.SCHEMA_VERSION);
    event.getProperties().put(RECORD_PROPERTY, r.recordType());
    return event;
  }

  private final AtomicLong warnings = new AtomicLong();

  private void warnOnce(Throwable e) {
    // A down hub fails every batch: say so once, then only at FINE.
    Level level = warnings.getAndIncrement() == 0 ? Level.WARNING : Level.FINE;
    LOG.log(level, "event-hubs: send failed, records counted as failed: " + e.getClass().getName());
  }
}
