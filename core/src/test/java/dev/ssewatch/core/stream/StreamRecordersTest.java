package dev.ssewatch.core.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.config.SettingsException;
import dev.ssewatch.core.telemetry.CloseReason;
import dev.ssewatch.core.telemetry.Progress;
import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.testing.ManualTimeSource;
import dev.ssewatch.core.testing.RecordingConsumer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class StreamRecordersTest {

  @Test
  void streamIdsAreSixteenHexDigitsAndNeverRepeat() {
    Fixture f = new Fixture();
    Set<String> ids = new HashSet<>();

    for (int i = 0; i < 20_000; i++) {
      StreamRecorder r = f.begin();
      assertThat(r.streamId()).matches("[0-9a-f]{16}");
      ids.add(r.streamId());
      r.onEnd(CloseReason.COMPLETED, f.now());
    }

    assertThat(ids).hasSize(20_000);
  }

  @Test
  void twoFactoriesDoNotShareIds() {
    Fixture a = new Fixture();
    Fixture b = new Fixture();

    assertThat(a.begin().streamId()).isNotEqualTo(b.begin().streamId());
  }

  @Test
  void endedStreamsLeaveTheRegistry() {
    Fixture f = new Fixture();
    StreamRecorder first = f.sse();
    StreamRecorder second = f.sse();

    assertThat(f.recorders.openStreams()).containsExactlyInAnyOrder(first, second);

    first.onEnd(CloseReason.CLIENT_ABORT, f.now());

    assertThat(f.recorders.openStreams()).containsExactly(second);
    second.onEnd(CloseReason.COMPLETED, f.now());
    assertThat(f.recorders.openStreams()).isEmpty();
  }

  @Test
  void streamsEndedInAnyOrderLeaveTheRestRegistered() {
    Fixture f = new Fixture();
    List<StreamRecorder> streams = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      streams.add(f.sse());
    }
    // The first begun, one in the middle, the last begun, and one twice.
    for (int i : new int[] {0, 2, 4, 2}) {
      streams.get(i).onEnd(CloseReason.COMPLETED, f.now());
    }

    assertThat(f.recorders.openStreams()).containsExactlyInAnyOrder(streams.get(1), streams.get(3));
    streams.get(1).onEnd(CloseReason.COMPLETED, f.now());
    streams.get(3).onEnd(CloseReason.COMPLETED, f.now());
    assertThat(f.recorders.openStreams()).isEmpty();
    assertThat(f.sse()).isIn(f.recorders.openStreams());
  }

  @Test
  void streamsBegunAndEndedOnManyThreadsWhileTickingLeaveExactlyTheOpenOnes() throws Exception {
    Fixture f = new Fixture(Map.of("ssewatch.progress.interval", "1s"));
    int threads = 4;
    int perThread = 500;
    List<StreamRecorder> kept = Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean done = new AtomicBoolean();
    Thread ticker =
        new Thread(
            () -> {
              while (!done.get()) {
                f.recorders.tick();
                f.recorders.openStreams();
              }
            });
    ticker.start();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread w =
          new Thread(
              () -> {
                for (int i = 0; i < perThread; i++) {
                  StreamRecorder r = f.recorders.begin("GET", "/e", null, List.of(), f.now());
                  if (i % 2 == 0) {
                    r.onEnd(CloseReason.COMPLETED, f.now());
                  } else {
                    kept.add(r);
                  }
                }
              });
      workers.add(w);
      w.start();
    }
    for (Thread w : workers) {
      w.join();
    }
    done.set(true);
    ticker.join();

    assertThat(f.recorders.openStreams()).containsExactlyInAnyOrderElementsOf(kept);
    assertThat(kept).hasSize(threads * perThread / 2);
  }

  @Test
  void tickReachesEveryOpenStreamButNoEndedOne() {
    Fixture f = new Fixture(Map.of("ssewatch.progress.interval", "10s"));
    StreamRecorder open = f.sse();
    StreamRecorder ended = f.sse();
    ended.onEnd(CloseReason.COMPLETED, f.now());

    f.advance(Duration.ofSeconds(10));
    f.recorders.tick();

    assertThat(f.sink.ofType(Progress.class))
        .extracting(Progress::streamId)
        .containsExactly(open.streamId());
  }

  @Test
  void aBadSettingFailsCreationNamingTheKey() {
    Settings bad = Settings.of(Map.of("ssewatch.idle.preset", "nowhere"));

    assertThatThrownBy(
            () ->
                StreamRecorders.create(
                    bad, StreamSource.AGENT, new RecordingConsumer(), new ManualTimeSource()))
        .isInstanceOfSatisfying(
            SettingsException.class, e -> assertThat(e.key()).isEqualTo("ssewatch.idle.preset"));
  }

  @Test
  void withoutTickerNoThreadIsStarted() {
    Fixture f = new Fixture();
    f.sse();

    assertThat(f.recorders.tickerRunning()).isFalse();
  }

  @Test
  void theTickerStartsWithTheFirstStreamTicksEverySecondAndStopsOnClose() {
    ManualTimeSource time = new ManualTimeSource();
    RecordingConsumer sink = new RecordingConsumer();
    StreamRecorders recorders =
        StreamRecorders.create(
            Settings.of(Map.of("ssewatch.progress.interval", "5s")),
            StreamSource.PROXY,
            sink,
            time);
    List<Thread> before = tickerThreads();
    List<Thread> mine;
    try {
      assertThat(recorders.tickerRunning()).isFalse();

      StreamRecorder r =
          recorders.begin("GET", "/events", null, Fixture.SSE_REQUEST, time.nanoTime());
      r.onResponseHeaders(200, Fixture.SSE_RESPONSE, time.nanoTime());
      time.advance(Duration.ofSeconds(5));

      assertThat(recorders.tickerRunning()).isTrue();
      await().atMost(Duration.ofSeconds(30)).until(() -> !sink.ofType(Progress.class).isEmpty());
      mine = new java.util.ArrayList<>(tickerThreads());
      mine.removeAll(before);
      assertThat(mine).singleElement().satisfies(t -> assertThat(t.isDaemon()).isTrue());
    } finally {
      recorders.close();
    }
    assertThat(recorders.tickerRunning()).isFalse();
    Thread thread = mine.get(0);
    await().atMost(Duration.ofSeconds(30)).until(() -> !thread.isAlive());
  }

  @Test
  void streamsBegunAfterCloseStillRecordButStartNoThread() {
    ManualTimeSource time = new ManualTimeSource();
    RecordingConsumer sink = new RecordingConsumer();
    StreamRecorders recorders =
        StreamRecorders.create(Settings.of(Map.of()), StreamSource.AGENT, sink, time);
    recorders.close();

    StreamRecorder r = recorders.begin("GET", "/", null, List.of(), time.nanoTime());
    r.onResponseHeaders(204, List.of(), time.nanoTime());
    r.onEnd(CloseReason.COMPLETED, time.nanoTime());

    assertThat(recorders.tickerRunning()).isFalse();
    assertThat(sink.recordTypes()).containsExactly("stream_start", "stream_end");
  }

  private static List<Thread> tickerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals(StreamRecorders.TICKER_THREAD) && t.isAlive())
        .toList();
  }
}
