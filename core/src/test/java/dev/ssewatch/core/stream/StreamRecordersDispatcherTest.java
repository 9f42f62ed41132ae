package dev.ssewatch.core.stream;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.telemetry.CloseReason;
import dev.ssewatch.core.telemetry.EventRecord;
import dev.ssewatch.core.telemetry.Progress;
import dev.ssewatch.core.telemetry.StreamEnd;
import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.telemetry.TelemetryDispatcher;
import dev.ssewatch.core.telemetry.TelemetryDropped;
import dev.ssewatch.core.telemetry.TelemetryRecord;
import dev.ssewatch.core.telemetry.TelemetrySink;
import dev.ssewatch.core.testing.GatedSink;
import dev.ssewatch.core.testing.ManualTimeSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Recorders whose sink is the dispatcher itself, as in the proxy and the agent. */
class StreamRecordersDispatcherTest {

  private final List<TelemetryRecord> exported = new CopyOnWriteArrayList<>();

  private final TelemetrySink capture =
      new TelemetrySink() {
        @Override
        public void export(List<TelemetryRecord> batch) {
          exported.addAll(batch);
        }

        @Override
        public void flush() {}

        @Override
        public void shutdown() {}
      };

  @Test
  void everyRecordReachesTheDispatchersSinksInOrder() {
    TelemetryDispatcher dispatcher = TelemetryDispatcher.builder().sink(capture).build();
    try {
      ManualTimeSource time = new ManualTimeSource();
      StreamRecorders recorders = agentRecorders(Map.of(), dispatcher, time);
      StreamRecorder r =
          recorders.begin("GET", "/events", null, Fixture.SSE_REQUEST, time.nanoTime(), true);
      r.onResponseHeaders(200, Fixture.SSE_RESPONSE, time.nanoTime());
      byte[] two = "id: 1\ndata: a\n\nid: 2\ndata: b\n\n".getBytes(StandardCharsets.UTF_8);
      r.onBytes(two, 0, two.length, time.nanoTime());
      r.onWireWrite(time.nanoTime());
      r.onEnd(CloseReason.COMPLETED, time.nanoTime());

      assertThat(dispatcher.flush(Duration.ofSeconds(10))).isTrue();
      assertThat(exported)
          .extracting(TelemetryRecord::recordType)
          .containsExactly("stream_start", "event", "event", "stream_end");
      assertThat(recorders.internalErrors()).isZero();
    } finally {
      dispatcher.close();
    }
  }

  @Test
  void aClosedDispatcherDropsRecordsWithoutFailingTheRecorder() {
    TelemetryDispatcher dispatcher = TelemetryDispatcher.builder().sink(capture).build();
    dispatcher.close();
    ManualTimeSource time = new ManualTimeSource();
    StreamRecorders recorders = agentRecorders(Map.of(), dispatcher, time);
    StreamRecorder r = recorders.begin("GET", "/events", null, Fixture.SSE_REQUEST, 0);
    r.onResponseHeaders(200, Fixture.SSE_RESPONSE, time.nanoTime());
    r.onEnd(CloseReason.COMPLETED, time.nanoTime());

    assertThat(dispatcher.dropped()).isEqualTo(2);
    assertThat(recorders.internalErrors()).isZero();
    assertThat(exported).isEmpty();
  }

  @Test
  void whileTheDispatcherShedsEventsGetNoRecordsButEverythingElseDoes() {
    GatedSink sink = new GatedSink();
    TelemetryDispatcher dispatcher = sheddingDispatcher(sink);
    try {
      ManualTimeSource time = new ManualTimeSource();
      StreamRecorders recorders =
          agentRecorders(Map.of("ssewatch.progress.interval", "1s"), dispatcher, time);
      StreamRecorder r =
          recorders.begin("GET", "/events", null, Fixture.SSE_REQUEST, time.nanoTime(), true);
      // No Cache-Control: one header alert.
      r.onResponseHeaders(200, NO_CACHE_CONTROL, time.nanoTime());
      bytes(r, "id: 1\ndata: a\n\nid: 2\ndata: b\n\nid: 3\ndata: c\n\n", time);
      r.onWireWrite(time.nanoTime());
      assertThat(r.pendingEvents()).as("nothing held for the wire").isZero();
      assertThat(dispatcher.dropped()).as("counted in bulk, not per event").isZero();

      time.advance(Duration.ofSeconds(1));
      recorders.tick();
      assertThat(dispatcher.dropped()).as("handed over at the tick").isEqualTo(3);

      bytes(r, "data: d\n\ndata: e\n\n", time);
      r.onWireWrite(time.nanoTime());
      r.onEnd(CloseReason.COMPLETED, time.nanoTime());
      assertThat(dispatcher.dropped()).as("and at the end").isEqualTo(5);

      sink.open();
      assertThat(dispatcher.flush(Duration.ofSeconds(10))).isTrue();
      await()
          .atMost(10, SECONDS)
          .untilAsserted(
              () ->
                  assertThat(sink.records())
                      .filteredOn(TelemetryDropped.class::isInstance)
                      .extracting(x -> ((TelemetryDropped) x).droppedTotal())
                      .contains(5L));
      List<TelemetryRecord> stream =
          sink.records().stream().filter(x -> r.streamId().equals(x.streamId())).toList();
      assertThat(stream)
          .extracting(TelemetryRecord::recordType)
          .containsExactly("stream_start", "alert", "progress", "stream_end");
      assertThat(((Progress) stream.get(2)).events()).isEqualTo(3);
      assertThat(((StreamEnd) stream.get(3)).events()).as("counts stay complete").isEqualTo(5);
      assertThat(r.snapshot(time.nanoTime()).events()).isEqualTo(5);
      assertThat(recorders.internalErrors()).isZero();
    } finally {
      dispatcher.close();
    }
  }

  @Test
  void aRecorderHandsOverItsShedCountBeforeItCouldOverflow() {
    GatedSink sink = new GatedSink();
    TelemetryDispatcher dispatcher = sheddingDispatcher(sink);
    try {
      ManualTimeSource time = new ManualTimeSource();
      StreamRecorders recorders = agentRecorders(Map.of(), dispatcher, time);
      StreamRecorder r = recorders.begin("GET", "/events", null, Fixture.SSE_REQUEST, 0);
      r.onResponseHeaders(200, Fixture.SSE_RESPONSE, time.nanoTime());
      bytes(r, "data: x\n\n".repeat(Short.MAX_VALUE - 1), time);
      assertThat(dispatcher.dropped()).isZero();

      bytes(r, "data: x\n\ndata: y\n\n", time);
      assertThat(dispatcher.dropped()).isEqualTo(Short.MAX_VALUE);
      r.onEnd(CloseReason.COMPLETED, time.nanoTime());
      assertThat(dispatcher.dropped()).isEqualTo(Short.MAX_VALUE + 1);
      assertThat(recorders.internalErrors()).isZero();
    } finally {
      sink.open();
      dispatcher.close();
    }
  }

  @Test
  void belowThreeQuartersFullNothingIsShed() {
    GatedSink sink = new GatedSink();
    TelemetryDispatcher dispatcher =
        TelemetryDispatcher.builder().queueSize(16).batchSize(1).sink(sink).build();
    try {
      // The worker stuck in an export with 11 of 16 waiting: below 12, as it saw them.
      fill(dispatcher, sink, 11);
      assertThat(dispatcher.shedding()).isFalse();
      ManualTimeSource time = new ManualTimeSource();
      StreamRecorders recorders = agentRecorders(Map.of(), dispatcher, time);
      StreamRecorder r =
          recorders.begin("GET", "/events", null, Fixture.SSE_REQUEST, time.nanoTime(), true);
      r.onResponseHeaders(200, Fixture.SSE_RESPONSE, time.nanoTime());
      bytes(r, "data: a\n\ndata: b\n\n", time);
      r.onWireWrite(time.nanoTime());
      recorders.tick();
      r.onEnd(CloseReason.COMPLETED, time.nanoTime());

      sink.open();
      assertThat(dispatcher.flush(Duration.ofSeconds(10))).isTrue();
      assertThat(sink.records())
          .filteredOn(x -> r.streamId().equals(x.streamId()))
          .extracting(TelemetryRecord::recordType)
          .containsExactly("stream_start", "event", "event", "stream_end");
      assertThat(dispatcher.dropped()).isZero();
    } finally {
      dispatcher.close();
    }
  }

  private static final List<Header> NO_CACHE_CONTROL =
      List.of(new Header("Content-Type", "text/event-stream"));

  /** The agent's recorders, ticked by the test, recording into {@code dispatcher}. */
  private static StreamRecorders agentRecorders(
      Map<String, String> settings, TelemetryDispatcher dispatcher, ManualTimeSource time) {
    return StreamRecorders.createWithoutTicker(
        Settings.of(settings), StreamSource.AGENT, dispatcher, time);
  }

  /** A dispatcher whose worker saw its queue three quarters full and is now stuck in an export. */
  private static TelemetryDispatcher sheddingDispatcher(GatedSink sink) {
    TelemetryDispatcher d =
        TelemetryDispatcher.builder()
            .queueSize(16)
            .batchSize(1)
            .batchDelay(Duration.ofMillis(5))
            .sink(sink)
            .build();
    fill(d, sink, 12);
    assertThat(d.shedding()).isTrue();
    return d;
  }

  /**
   * Holds the worker inside an export, queues {@code n} filler records, lets that export finish
   * (the worker then looks at the queue) and waits until the worker is stuck in the next one.
   */
  private static void fill(TelemetryDispatcher d, GatedSink sink, int n) {
    d.offer(filler());
    await().atMost(10, SECONDS).until(() -> sink.entered() == 1);
    for (int i = 0; i < n; i++) {
      d.offer(filler());
    }
    sink.pass(1);
    await().atMost(10, SECONDS).until(() -> sink.entered() == 2);
  }

  private static TelemetryRecord filler() {
    return new EventRecord("filler", 0, 1, "message", null, 1, 1, -1, -1, -1);
  }

  private static void bytes(StreamRecorder r, String text, ManualTimeSource time) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    r.onBytes(b, 0, b.length, time.nanoTime());
  }
}
