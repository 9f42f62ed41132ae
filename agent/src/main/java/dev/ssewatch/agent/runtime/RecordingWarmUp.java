package dev.ssewatch.agent.runtime;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.stream.StreamRecorder;
import dev.ssewatch.core.stream.StreamRecorders;
import dev.ssewatch.core.telemetry.CloseReason;
import dev.ssewatch.core.telemetry.EventRecord;
import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.time.TimeSource;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Once, when the application's first event stream is recorded, runs synthetic event streams through
 * core's recording path on a daemon thread, into a recorder factory of its own whose records are
 * thrown away.
 *
 * <p>Why: a stream's first bytes and first event take branches its later events never take (the
 * parser is made, a byte order mark is looked for, the first type and id are kept, the first event
 * is stamped, the ring of held events is made). The application's first streams start before the
 * JIT profiles those methods, so it compiled each such branch as never taken, and every later wave
 * of new streams threw away the compiled write path (core's parser, inlined into the application's
 * own methods) to compile it again: at full speed the compiler threads then spent about as much CPU
 * per event as the recording itself. Many short streams here, while the application's first streams
 * make the same methods hot, put stream starts into their profiles; no record of them reaches the
 * agent's telemetry.
 */
public final class RecordingWarmUp {

  static final String THREAD_NAME = "ssewatch-warm-up";

  /** The switch: {@code false} leaves the JIT to learn from the application's own streams. */
  static final String ENABLED_KEY = "ssewatch.agent.warmup";

  /** Streams, and events per stream: a stream start every few events, about 30,000 events. */
  static final int STREAMS = 2_000;

  static final int EVENTS_PER_STREAM = 16;

  private static final List<Header> REQUEST = List.of(new Header("Accept", "text/event-stream"));

  private static final List<Header> RESPONSE =
      List.of(
          new Header("Content-Type", "text/event-stream"), new Header("Cache-Control", "no-cache"));

  private final Settings settings;
  private final AtomicBoolean started = new AtomicBoolean();

  public RecordingWarmUp(Settings settings) {
    this.settings = settings;
  }

  /**
   * Starts the warm-up thread on the first call, unless {@value #ENABLED_KEY} is {@code false};
   * later calls return at once.
   */
  void start() {
    if (started.get() || !started.compareAndSet(false, true)) {
      return;
    }
    if (!settings.bool(ENABLED_KEY, true)) {
      return;
    }
    Thread t = new Thread(this::runQuietly, THREAD_NAME);
    t.setDaemon(true);
    // Started from an application thread: don't pin its context class loader.
    t.setContextClassLoader(RecordingWarmUp.class.getClassLoader());
    t.start();
  }

  private void runQuietly() {
    try {
      run();
    } catch (Throwable e) {
      // Only the JIT's profiles were at stake; the agent records as before.
    }
  }

  /** Runs the synthetic streams; returns the event records they produced (and threw away). */
  long run() {
    long[] events = new long[1];
    // The records are counted and dropped. Not encoded: the JSON-lines sink's compiled code
    // (on the telemetry thread, where no application code is inlined) shaped by these uniform
    // batches took far longer to compile and was recompiled for the application's batches anyway.
    StreamRecorders recorders =
        StreamRecorders.createWithoutTicker(
            settings,
            StreamSource.AGENT,
            r -> {
              if (r instanceof EventRecord) {
                events[0]++;
              }
            },
            TimeSource.system());
    long id = 1;
    for (int s = 0; s < STREAMS; s++) {
      StreamRecorder r =
          recorders.begin("GET", "/ssewatch-warm-up", null, REQUEST, System.nanoTime(), true);
      r.onResponseHeaders(200, RESPONSE, System.nanoTime());
      for (int e = 0; e < EVENTS_PER_STREAM; e++) {
        byte[] event =
            ("id: " + id++ + "\nevent: tick\ndata: warm-up\n\n").getBytes(StandardCharsets.UTF_8);
        r.onBytes(event, 0, event.length, System.nanoTime());
        r.onWireWrite(System.nanoTime());
      }
      r.onEnd(CloseReason.COMPLETED, System.nanoTime());
    }
    recorders.close();
    return events[0];
  }
}
