package dev.ssewatch.exporters.eventhubs;

import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventDataBatch;
import com.azure.messaging.eventhubs.EventHubProducerAsyncClient;
import com.azure.messaging.eventhubs.models.CreateBatchOptions;
import dev.ssewatch.core.telemetry.ExporterHealth;
import dev.ssewatch.core.telemetry.ExporterHealth.Reason;
import dev.ssewatch.core.telemetry.JsonLines;
import dev.ssewatch.core.telemetry.TelemetryRecord;
import dev.ssewatch.core.telemetry.TelemetrySink;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * packs them into {@link EventDataBatch}es and sends them. A hub that is down, slow or refusing
 * therefore costs the dispatcher nothing.
 *
 * <p>The sender retries a failed send itself, with exponential backoff, rather than leaving it to
 * the client: the client's retries run silently to the end of their budget (about a minute by
 * default) and then report only that they were exhausted. Here each failed attempt is classified at
 * once ({@link SendFailure}), so the {@link ExporterHealth} line naming the cause ("refused the
 * token", "unreachable") comes within one attempt of the first failure. A refused token or an
 * unknown hub is not retried: waiting does not fix it. Once a stream's records failed after every
 * retry, the other streams of the same round fail at once with the same reason, so a hub that is
 * down costs one retry budget per round, not one per stream.
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
  private final int maxRetries;
  private final long retryDelayNanos;
  private final ExporterHealth health;
  private final String refusedHint;
  private final java.net.InetSocketAddress endpoint;
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

  /** Set by the sender for the rest of a round once a stream's records failed after every retry. */
  private Reason givenUp;

  /**
   * @param sendBound the longest the sender waits for one attempt: the client's own timers do not
   *     always fire (a link detached mid-send can leave a send pending forever)
   * @param maxRetries further attempts after a failed one
   * @param retryDelay the first backoff, doubled per retry up to 16 times it
   * @param refusedHint what to check when the hub refuses the credentials
   * @param endpoint the namespace's AMQP address, unresolved, or {@code null}: connected to after a
   *     timed-out attempt to tell a closed or unknown endpoint from a stalled one, which the client
   *     reports alike (it retries the connection silently until its try timeout)
   */
  EventHubsSink(
      EventHubProducerAsyncClient producer,
      int bufferSize,
      Duration timeout,
      Duration sendBound,
      int maxRetries,
      Duration retryDelay,
      String refusedHint,
      java.net.InetSocketAddress endpoint) {
    this.producer = producer;
    this.sendBound = sendBound;
    this.maxRetries = maxRetries;
    this.retryDelayNanos = retryDelay.toNanos();
    this.refusedHint = refusedHint;
    this.endpoint = endpoint;
    this.health = ExporterHealth.of(EventHubsSinkProvider.NAME);
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
      health.dropped(Reason.SHUTDOWN, batch.size());
      return;
    }
    int full = 0;
    for (TelemetryRecord r : batch) {
      if (buffer.offer(r)) {
        offered.incrementAndGet();
      } else {
        full++;
      }
    }
    if (full > 0) {
      dropped.addAndGet(full);
      health.dropped(Reason.QUEUE_FULL, full);
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
      health.dropped(Reason.SHUTDOWN, left);
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

  @Override
  public Optional<ExporterHealth> health() {
    return Optional.of(health);
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
        health.failed(Reason.ERROR, round.size());
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
    givenUp = null;
    for (Map.Entry<String, List<TelemetryRecord>> e : byStream.entrySet()) {
      if (givenUp != null) {
        fail(givenUp, e.getValue().size());
      } else {
        sendStream(e.getKey(), e.getValue());
      }
    }
  }

  /** Sends one stream's records, retrying what failed, until sent, refused or out of retries. */
  private void sendStream(String partitionKey, List<TelemetryRecord> records) {
    List<TelemetryRecord> left = records;
    for (int attempt = 0; ; attempt++) {
      int done = trySend(partitionKey, left);
      if (done == left.size()) {
        health.recovered("Event Hubs hub `" + producer.getEventHubName() + "`");
        return;
      }
      left = left.subList(done, left.size());
      SendFailure why = lastFailure;
      if (why.reason() == Reason.TIMEOUT && endpoint != null) {
        why = SendFailure.probe(endpoint, sendBound, why);
      }
      enterFailing(why);
      boolean retry = why.retriable() && attempt < maxRetries && !stopping && backoff(attempt);
      if (!retry) {
        fail(why.reason(), left.size());
        givenUp = why.reason();
        warnOnce(why);
        return;
      }
    }
  }

  private SendFailure lastFailure;

  /**
   * One attempt: returns how many of {@code records} were sent or failed for good (larger than the
   * hub's message size); fewer than all means the attempt failed, and why is in {@link
   * #lastFailure}.
   */
  private int trySend(String partitionKey, List<TelemetryRecord> records) {
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
            health.sent(inBatch);
            done += inBatch;
          }
          batch = producer.createBatch(options).block(sendBound);
          inBatch = 0;
          if (!batch.tryAdd(event)) {
            // Larger than the hub's maximum message size on its own: nothing to retry.
            fail(Reason.ERROR, 1);
            done++;
            continue;
          }
        }
        inBatch++;
      }
      if (inBatch > 0) {
        producer.send(batch).block(sendBound);
        sent.addAndGet(inBatch);
        health.sent(inBatch);
        done += inBatch;
      }
    } catch (RuntimeException e) {
      lastFailure = SendFailure.of(e);
      LOG.log(Level.FINE, "event-hubs: send attempt failed", e);
    }
    return done;
  }

  /** Waits before retry {@code attempt + 1}; {@code false} if the sink is stopping meanwhile. */
  private boolean backoff(int attempt) {
    long delay = retryDelayNanos << Math.min(attempt, 4);
    try {
      TimeUnit.NANOSECONDS.sleep(delay);
      return !stopping;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void fail(Reason reason, int n) {
    failed.addAndGet(n);
    health.failed(reason, n);
  }

  /** The state and its log line for a failed attempt, in words a user can act on. */
  private void enterFailing(SendFailure why) {
    String hub = "`" + producer.getEventHubName() + "`";
    String namespace = producer.getFullyQualifiedNamespace();
    switch (why.reason()) {
      case REFUSED ->
          health.enter(
              ExporterHealth.State.REFUSED,
              why.condition()
                      == com.azure.core.amqp.exception.AmqpErrorCondition.UNAUTHORIZED_ACCESS
                  ? "Event Hubs refused the token for hub "
                      + hub
                      + " ("
                      + why.detail()
                      + "): "
                      + refusedHint
                  : "Event Hubs refused hub "
                      + hub
                      + " in namespace "
                      + namespace
                      + " ("
                      + why.detail()
                      + "): check the hub name ("
                      + EventHubsConfig.HUB
                      + " or the connection string's EntityPath) and that it is enabled");
      case UNREACHABLE ->
          health.enter(
              ExporterHealth.State.RETRYING,
              "Event Hubs namespace "
                  + namespace
                  + " unreachable ("
                  + why.detail()
                  + "): records are retried, then counted as failed while it is down");
      case TIMEOUT ->
          health.enter(
              ExporterHealth.State.RETRYING,
              "Event Hubs namespace "
                  + namespace
                  + " did not answer within "
                  + sendBound.dividedBy(2).toMillis()
                  + " ms ("
                  + EventHubsConfig.TIMEOUT
                  + "): records are retried, then counted as failed while it is stalled");
      default ->
          health.enter(
              ExporterHealth.State.RETRYING,
              "Event Hubs send to hub "
                  + hub
                  + " failed ("
                  + why.detail()
                  + "): "
                  + (why.retriable() ? "retrying" : "those records are counted as failed"));
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
    // A bug in the sender, not a send failure: say so once, then only at FINE.
    Level level = warnings.getAndIncrement() == 0 ? Level.WARNING : Level.FINE;
    LOG.log(
        level, "event-hubs: sending failed, records counted as failed: " + e.getClass().getName());
  }

  private void warnOnce(SendFailure why) {
    // The change of state was logged already; the details stay at FINE.
    LOG.log(Level.FINE, "event-hubs: records counted as failed ({0})", why.detail());
  }
}
