package dev.ssewatch.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.stream.StreamRecorder;
import dev.ssewatch.core.stream.StreamRecorders;
import dev.ssewatch.core.telemetry.CloseReason;
import dev.ssewatch.core.telemetry.EventRecord;
import dev.ssewatch.core.telemetry.StreamEnd;
import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.telemetry.TelemetryRecord;
import dev.ssewatch.core.testing.Allocations;
import dev.ssewatch.core.time.TimeSource;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a recorded servlet stream does per write and flush, on the pattern of Spring MVC's {@code
 * SseEmitter}: each event written in three parts, each part flushed two or three times.
 */
class ServletWritePathTest {

  /**
   * The stream holds its request and response weakly, as it holds a container's; the test keeps
   * them, as the container does (else a collection in between turns the stream away).
   */
  private final Object request = ServletFakes.request();

  private final Object response = ServletFakes.eventStreamResponse(() -> true);

  private static final byte[] PREFIX = "id:7\nevent:tick\ndata:".getBytes(StandardCharsets.UTF_8);
  private static final byte[] JSON = "{\"t\":1,\"seq\":7}".getBytes(StandardCharsets.UTF_8);
  private static final byte[] END = "\n\n".getBytes(StandardCharsets.UTF_8);

  private final List<TelemetryRecord> records = new CopyOnWriteArrayList<>();
  private StreamRecorders recorders;
  private final ExecutorService other = Executors.newSingleThreadExecutor();

  @AfterEach
  void close() {
    other.shutdownNow();
    if (recorders != null) {
      recorders.close();
    }
  }

  /** A stream committed at its first flush, recorded from then on. */
  private ServletStream recording(String sample) {
    Settings settings =
        Settings.of(Map.of("ssewatch.events.sample", sample, "ssewatch.agent.warmup", "false"));
    recorders =
        StreamRecorders.createWithoutTicker(
            settings, StreamSource.AGENT, records::add, TimeSource.system());
    ServletStream s = ServletFakes.eventStream(recorders, settings, request, response);
    flush(s);
    return s;
  }

  private static void write(BodyContext c, byte[] b) {
    if (c.enter()) {
      c.onBytes(b, 0, b.length);
    }
    c.exitWrite(null);
  }

  private static void flush(BodyContext c) {
    c.enterFlush();
    c.exitFlush(null);
  }

  private static void springEvent(BodyContext c) {
    write(c, PREFIX);
    flush(c);
    flush(c);
    write(c, JSON);
    flush(c);
    flush(c);
    flush(c);
    write(c, END);
    flush(c);
    flush(c);
  }

  private List<EventRecord> events() {
    return records.stream()
        .filter(r -> r instanceof EventRecord)
        .map(r -> (EventRecord) r)
        .toList();
  }

  @Test
  void anEventWrittenInFlushedPartsIsRecordedOnceWithItsWireTime() {
    ServletStream s = recording("all");

    springEvent(s);
    springEvent(s);
    s.end(CloseReason.COMPLETED);

    assertThat(events())
        .hasSize(2)
        .allSatisfy(e -> assertThat(e.writeToWireNanos()).isNotNegative());
    assertThat(records)
        .filteredOn(r -> r instanceof StreamEnd)
        .singleElement()
        .satisfies(
            r -> {
              StreamEnd end = (StreamEnd) r;
              assertThat(end.events()).isEqualTo(2);
              assertThat(end.bytes()).isEqualTo(2L * (PREFIX.length + JSON.length + END.length));
            });
  }

  @Test
  void aFlushThatCarriesNothingOfTheStreamsTakesNoRecorderLock() throws Exception {
    ServletStream s = recording("all");
    write(s, PREFIX);
    flush(s);
    Object lock = recorderLock(s);
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<?> holder =
        other.submit(
            () -> {
              synchronized (lock) {
                held.countDown();
                release.await();
              }
              return null;
            });
    assertThat(held.await(30, TimeUnit.SECONDS)).isTrue();
    try {
      // Spring flushes again after every part: that flush would wait for the lock if it took it.
      CompletableFuture<Void> second = CompletableFuture.runAsync(() -> flush(s));
      second.get(30, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("the flush waited for the recorder's lock", e);
    } finally {
      release.countDown();
      holder.get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void writingAndFlushingAnEventInPartsAllocatesNothingWithoutEventRecords() {
    ServletStream s = recording("none");

    long perRound = Allocations.perRound(() -> springEvent(s));

    assertThat(perRound).isZero();
  }

  @Test
  void aByteWrittenOnItsOwnAllocatesNothing() {
    ServletStream s = recording("none");

    long perRound =
        Allocations.perRound(
            () -> {
              if (s.enter()) {
                s.onByte(':');
              }
              s.exitWrite(null);
              if (s.enter()) {
                s.onByte('\n');
              }
              s.exitWrite(null);
            });

    assertThat(perRound).isZero();
  }

  /** The lock every call into the stream's recorder takes. */
  private static Object recorderLock(ServletStream s) throws ReflectiveOperationException {
    Field recorder = ServletStream.class.getDeclaredField("recorder");
    recorder.setAccessible(true);
    StreamRecorder r = (StreamRecorder) recorder.get(s);
    Field callbacks = StreamRecorder.class.getDeclaredField("callbacks");
    callbacks.setAccessible(true);
    return callbacks.get(r);
  }
}
