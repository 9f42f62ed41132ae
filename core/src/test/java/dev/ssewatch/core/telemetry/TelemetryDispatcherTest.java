package dev.ssewatch.core.telemetry;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.config.SettingsException;
import dev.ssewatch.core.testing.GatedSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TelemetryDispatcherTest {

  private final List<TelemetryDispatcher> started = new ArrayList<>();

  @AfterEach
  void stopAll() {
    for (TelemetryDispatcher d : started) {
      d.shutdown(Duration.ofMillis(100));
    }
  }

  @Test
  void producersNeverBlockOnAStuckSinkAndDropsAreReportedAfterwards() {
    CollectingSink sink = CollectingSink.stuck();
    TelemetryDispatcher d =
        start(
            TelemetryDispatcher.builder()
                .queueSize(1024)
                .batchSize(64)
                .batchDelay(Duration.ofMillis(5))
                .sink(sink));
    int threads = 4;
    int perThread = 250_000;
    AtomicLong accepted = new AtomicLong();
    List<CompletableFuture<Void>> producers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      producers.add(
          CompletableFuture.runAsync(
              () -> {
                long ok = 0;
                for (int i = 0; i < perThread; i++) {
                  if (d.offer(event(i))) {
                    ok++;
                  }
                }
                accepted.addAndGet(ok);
              },
              runnable -> new Thread(runnable, "producer").start()));
    }

    // Liveness, not speed: with the worker stuck, a blocking offer would never return.
    await().atMost(60, SECONDS).until(() -> producers.stream().allMatch(CompletableFuture::isDone));
    long total = (long) threads * perThread;
    assertThat(accepted.get() + d.dropped()).isEqualTo(total);
    // The queue plus the one batch the worker took before it got stuck.
    assertThat(accepted.get()).isLessThanOrEqualTo(d.capacity() + 64L);
    assertThat(d.dropped()).isGreaterThanOrEqualTo(total - d.capacity() - 64L);

    sink.release();

    await()
        .atMost(30, SECONDS)
        .untilAsserted(
            () -> {
              assertThat(sink.events()).isEqualTo(accepted.get());
              assertThat(sink.dropReports()).isNotEmpty();
              assertThat(sink.dropReports().get(sink.dropReports().size() - 1).droppedTotal())
                  .isEqualTo(d.dropped());
            });
    assertThat(sink.dropReports().stream().mapToLong(TelemetryDropped::dropped).sum())
        .isEqualTo(d.dropped());
    assertThat(d.exported()).isGreaterThanOrEqualTo(accepted.get());
  }

  @Test
  void shutdownWithAStuckSinkReturnsFalseByItsTimeout() {
    CollectingSink sink = CollectingSink.stuck();
    TelemetryDispatcher d = start(TelemetryDispatcher.builder().batchSize(1).sink(sink));
    d.offer(event(1));
    await().atMost(10, SECONDS).until(() -> sink.entered.getCount() == 0);

    CompletableFuture<Boolean> result =
        CompletableFuture.supplyAsync(() -> d.shutdown(Duration.ofMillis(200)));

    await().atMost(10, SECONDS).until(result::isDone);
    assertThat(result.join()).isFalse();
    assertThat(d.offer(event(2))).as("no longer accepting").isFalse();
    sink.release();
  }

  @Test
  void flushWithAStuckSinkReturnsFalseByItsTimeout() {
    CollectingSink sink = CollectingSink.stuck();
    TelemetryDispatcher d = start(TelemetryDispatcher.builder().batchSize(1).sink(sink));
    d.offer(event(1));
    await().atMost(10, SECONDS).until(() -> sink.entered.getCount() == 0);

    CompletableFuture<Boolean> result =
        CompletableFuture.supplyAsync(() -> d.flush(Duration.ofMillis(200)));

    await().atMost(10, SECONDS).until(result::isDone);
    assertThat(result.join()).isFalse();
    sink.release();
    assertThat(d.flush(Duration.ofSeconds(10))).isTrue();
  }

  @Test
  void batchesNeverExceedTheBatchSizeAndKeepOrder() {
    CollectingSink sink = CollectingSink.open();
    TelemetryDispatcher d =
        start(
            TelemetryDispatcher.builder().batchSize(10).batchDelay(Duration.ofHours(1)).sink(sink));

    for (int i = 0; i < 95; i++) {
      assertThat(d.offer(event(i))).isTrue();
    }
    // Full batches go out without waiting for the (hour-long) delay.
    await().atMost(10, SECONDS).until(() -> sink.records().size() >= 90);
    assertThat(d.flush(Duration.ofSeconds(10))).isTrue();

    assertThat(sink.batches).allSatisfy(b -> assertThat(b).hasSizeBetween(1, 10));
    assertThat(sink.records())
        .extracting(r -> ((EventRecord) r).seq())
        .containsExactlyElementsOf(seqs(95));
    assertThat(d.exported()).isEqualTo(95);
    assertThat(sink.flushes.get()).isPositive();
  }

  @Test
  void fullBatchesStillWakeTheWorkerAfterAPartialBatchShiftedThePositions() {
    CollectingSink sink = CollectingSink.open();
    TelemetryDispatcher d =
        start(
            TelemetryDispatcher.builder().batchSize(10).batchDelay(Duration.ofHours(1)).sink(sink));
    // Three records flushed out, so later batches no longer start at a multiple of the batch size.
    for (int i = 0; i < 3; i++) {
      d.offer(event(i));
    }
    assertThat(d.flush(Duration.ofSeconds(10))).isTrue();

    for (int i = 3; i < 50; i++) {
      assertThat(d.offer(event(i))).isTrue();
    }

    // With an hour-long delay only the early wake-up can export these; at most two batches wait.
    await().atMost(10, SECONDS).until(() -> sink.records().size() >= 30);
  }

  @Test
  void aPartialBatchGoesOutAfterTheBatchDelay() {
    CollectingSink sink = CollectingSink.open();
    TelemetryDispatcher d =
        start(
            TelemetryDispatcher.builder()
                .batchSize(512)
                .batchDelay(Duration.ofMillis(20))
                .sink(sink));

    d.offer(event(1));
    d.offer(event(2));

    await().atMost(10, SECONDS).until(() -> sink.records().size() == 2);
    assertThat(sink.flushes.get()).as("no flush was asked for").isZero();
  }

  @Test
  void aThrowingSinkLosesOnlyThatBatchAndOtherSinksStillReceiveIt() {
    CollectingSink broken = CollectingSink.open().throwingOnCall(0);
    CollectingSink healthy = CollectingSink.open();
    TelemetryDispatcher d =
        start(TelemetryDispatcher.builder().batchSize(1).sink("broken", broken).sink(healthy));

    d.offer(event(1));
    assertThat(d.flush(Duration.ofSeconds(10))).isTrue();
    d.offer(event(2));
    assertThat(d.flush(Duration.ofSeconds(10))).isTrue();

    assertThat(broken.records()).extracting(r -> ((EventRecord) r).seq()).containsExactly(2L);
    assertThat(healthy.records()).extracting(r -> ((EventRecord) r).seq()).containsExactly(1L, 2L);
    assertThat(d.exportFailures()).isEqualTo(1);
  }

  @Test
  void aSinkThrowingAnErrorDoesNotKillTheWorker() {
    AtomicLong calls = new AtomicLong();
    CollectingSink healthy = CollectingSink.open();
    TelemetrySink linkageBroken =
        new TelemetrySink() {
          @Override
          public void export(List<TelemetryRecord> batch) {
            calls.incrementAndGet();
            throw new NoClassDefFoundError("com/example/MissingDependency");
          }

          @Override
          public void flush() {
            throw new NoClassDefFoundError("com/example/MissingDependency");
          }

          @Override
          public void shutdown() {}
        };
    TelemetryDispatcher d =
        start(TelemetryDispatcher.builder().batchSize(1).sink(linkageBroken).sink(healthy));

    for (int i = 0; i < 3; i++) {
      d.offer(event(i));
      assertThat(d.flush(Duration.ofSeconds(10))).isTrue();
    }

    assertThat(calls.get()).isEqualTo(3);
    assertThat(healthy.events()).isEqualTo(3);
    assertThat(d.exportFailures()).isEqualTo(3);
  }

  @Test
  void anEmptyExporterListExportsNothingButStillCounts() {
    TelemetryDispatcher d = start(Settings.of(Map.of("ssewatch.exporters", "")));

    d.offer(event(1));

    assertThat(d.flush(Duration.ofSeconds(10))).isTrue();
    assertThat(d.sinkNames()).isEmpty();
    assertThat(d.exported()).isEqualTo(1);
  }

  @Test
  void shutdownDrainsAndShutsEverySinkDownOnceWithoutASeparateFlush() {
    CollectingSink sink = CollectingSink.open();
    TelemetryDispatcher d =
        start(TelemetryDispatcher.builder().batchDelay(Duration.ofHours(1)).sink(sink));
    for (int i = 0; i < 1000; i++) {
      d.offer(event(i));
    }

    assertThat(d.shutdown(Duration.ofSeconds(10))).isTrue();
    assertThat(d.shutdown(Duration.ofSeconds(10))).isTrue();

    assertThat(sink.events()).isEqualTo(1000);
    // The sink's shutdown flushes; a flush round trip before it would only add time.
    assertThat(sink.flushes.get()).isZero();
    assertThat(sink.shutdowns.get()).isEqualTo(1);
    assertThat(d.offer(event(1))).isFalse();
    assertThat(d.dropped()).isEqualTo(1);
    assertThat(d.flush(Duration.ofSeconds(1))).isTrue();
  }

  @Test
  void offerNeverThrowsEvenForNull() {
    TelemetryDispatcher d = start(TelemetryDispatcher.builder());

    assertThat(d.offer(null)).isFalse();
    assertThat(d.dropped()).isZero();
  }

  @Test
  void workerIsANamedDaemonThread() {
    start(TelemetryDispatcher.builder());

    assertThat(Thread.getAllStackTraces().keySet())
        .filteredOn(t -> t.getName().equals(TelemetryDispatcher.THREAD_NAME))
        .isNotEmpty()
        .allMatch(Thread::isDaemon);
  }

  @Test
  void countersDescribeTheQueue() {
    CollectingSink sink = CollectingSink.stuck();
    TelemetryDispatcher d =
        start(TelemetryDispatcher.builder().queueSize(8).batchSize(1).sink(sink));
    d.offer(event(0));
    await().atMost(10, SECONDS).until(() -> sink.entered.getCount() == 0);

    for (int i = 1; i <= 10; i++) {
      d.offer(event(i));
    }

    assertThat(d.capacity()).isEqualTo(8);
    assertThat(d.queued()).isEqualTo(8);
    assertThat(d.dropped()).isEqualTo(2);
    sink.release();
    assertThat(d.flush(Duration.ofSeconds(10))).isTrue();
    assertThat(d.queued()).isZero();
    assertThat(sink.events()).isEqualTo(9);
    assertThat(sink.dropReports())
        .singleElement()
        .extracting(TelemetryDropped::dropped)
        .isEqualTo(2L);
    assertThat(d.exported()).as("the drop report counts too").isEqualTo(10);
  }

  @Test
  void sheddingTurnsOnWhenTheWorkerFindsTheQueueThreeQuartersFullAndOffAtHalf() {
    GatedSink sink = new GatedSink();
    TelemetryDispatcher d =
        start(TelemetryDispatcher.builder().queueSize(16).batchSize(1).sink(sink));
    d.offer(event(0));
    await().atMost(10, SECONDS).until(() -> sink.entered() == 1);
    // The worker holds record 0 inside the export; the queue is what the test offers.
    for (int i = 1; i <= 11; i++) {
      d.offer(event(i));
    }
    assertThat(d.queued()).isEqualTo(11);
    sink.pass(1);
    // Seen at 11 of 16 after that export: below 12. It is now inside the next one, 10 left.
    await().atMost(10, SECONDS).until(() -> sink.entered() == 2);
    assertThat(d.shedding()).isFalse();

    d.offer(event(12));
    d.offer(event(13));
    assertThat(d.queued()).isEqualTo(12);
    assertThat(d.shedding()).as("only the worker decides, after its export").isFalse();
    sink.pass(1);
    await().atMost(10, SECONDS).until(() -> sink.entered() == 3);
    assertThat(d.shedding()).as("seen at 12 of 16").isTrue();

    // Each export lets the worker see one record fewer: on down to 9, off at 8 (16 / 2).
    for (int seen = 11; seen >= 8; seen--) {
      sink.pass(1);
      int call = 15 - seen;
      await().atMost(10, SECONDS).until(() -> sink.entered() == call);
      assertThat(d.shedding()).as("seen at %d of 16", seen).isEqualTo(seen > 8);
    }
    sink.open();
    assertThat(d.flush(Duration.ofSeconds(10))).isTrue();
    assertThat(d.shedding()).isFalse();
    assertThat(sink.records()).hasSize(14);
    assertThat(d.dropped()).isZero();
  }

  @Test
  void sheddingDoesNotStayOnWhileTheWorkerWaitsForAPartialBatch() {
    GatedSink sink = new GatedSink();
    TelemetryDispatcher d =
        start(
            TelemetryDispatcher.builder()
                .queueSize(16)
                .batchSize(14)
                .batchDelay(Duration.ofHours(1))
                .sink(sink));
    for (int i = 0; i < 16; i++) {
      d.offer(event(i));
    }
    // The worker holds a full batch of 14 inside the export; 2 wait.
    await().atMost(10, SECONDS).until(() -> sink.entered() == 1);
    for (int i = 16; i < 28; i++) {
      d.offer(event(i));
    }
    assertThat(d.queued()).isEqualTo(14);
    sink.pass(1);
    await().atMost(10, SECONDS).until(() -> sink.entered() == 2);
    assertThat(d.shedding()).as("seen at 14 of 16").isTrue();
    for (int i = 28; i < 37; i++) {
      d.offer(event(i));
    }
    sink.pass(1);

    // Seen at 9 after that export: still on. The worker then takes those 9 into a batch that
    // waits an hour to fill, and must not leave the signal on meanwhile: producers shedding
    // everything would never fill it.
    await().atMost(10, SECONDS).until(() -> !d.shedding());
    assertThat(sink.entered()).isEqualTo(2);
    sink.open();
    assertThat(d.flush(Duration.ofSeconds(10))).isTrue();
    assertThat(sink.records()).hasSize(37);
  }

  @Test
  void recordsProducersDidNotOfferCountAsDroppedAndAreReported() {
    CollectingSink sink = CollectingSink.open();
    TelemetryDispatcher d =
        start(TelemetryDispatcher.builder().batchDelay(Duration.ofMillis(5)).sink(sink));
    d.countDropped(3);
    d.countDropped(0);
    d.countDropped(-2);
    d.countDropped(4);

    assertThat(d.dropped()).isEqualTo(7);
    await()
        .atMost(10, SECONDS)
        .untilAsserted(
            () ->
                assertThat(sink.dropReports())
                    .extracting(TelemetryDropped::droppedTotal)
                    .contains(7L));
    assertThat(sink.dropReports().stream().mapToLong(TelemetryDropped::dropped).sum()).isEqualTo(7);
  }

  @Test
  void aBatchHandedToTheSinksIsUnmodifiableAndNeverReused() {
    CollectingSink sink = CollectingSink.open();
    TelemetryDispatcher d =
        start(
            TelemetryDispatcher.builder().batchSize(2).batchDelay(Duration.ofHours(1)).sink(sink));
    for (int i = 0; i < 6; i++) {
      d.offer(event(i));
    }
    await().atMost(10, SECONDS).until(() -> sink.batches.size() == 3);

    // The sink kept every list: each still holds its own two records.
    assertThat(sink.batches)
        .extracting(b -> b.stream().map(r -> ((EventRecord) r).seq()).toList())
        .containsExactly(List.of(0L, 1L), List.of(2L, 3L), List.of(4L, 5L));
    assertThat(sink.batches.get(0)).isNotSameAs(sink.batches.get(1));
    assertThatThrownBy(() -> sink.batches.get(0).add(event(9)))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> sink.batches.get(0).clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void builderDefaultsAreDocumentedValuesAndNonsenseIsRejected() {
    TelemetryDispatcher d = start(TelemetryDispatcher.builder());
    assertThat(d.capacity()).isEqualTo(65_536);

    assertThatThrownBy(() -> TelemetryDispatcher.builder().queueSize(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TelemetryDispatcher.builder().batchSize(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TelemetryDispatcher.builder().batchDelay(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TelemetryDispatcher.builder().queueSize(10).batchSize(11).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exceeds queue size");
  }

  @Test
  void createLoadsTheNamedSinksFromTheServiceLoader(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("out.jsonl");
    TelemetryDispatcher d =
        start(
            Settings.of(
                Map.of(
                    "ssewatch.exporters", "jsonl, JSONL",
                    "ssewatch.jsonl.path", file.toString(),
                    "ssewatch.queue.size", "100",
                    "ssewatch.batch.delay", "50ms")));

    d.offer(SampleRecords.event());
    assertThat(d.flush(Duration.ofSeconds(10))).isTrue();

    assertThat(d.sinkNames()).containsExactly("jsonl");
    assertThat(d.capacity()).isEqualTo(128);
    assertThat(Files.readAllLines(file)).containsExactly(JsonLines.toJson(SampleRecords.event()));
  }

  @Test
  void unknownExporterIsASettingsErrorListingTheAvailableNames() {
    assertThatThrownBy(
            () ->
                TelemetryDispatcher.create(Settings.of(Map.of("ssewatch.exporters", "jsonl,nope"))))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("ssewatch.exporters")
        .hasMessageContaining("'nope'")
        .hasMessageContaining("available: ")
        .hasMessageContaining("jsonl");
  }

  @Test
  void malformedSizesAreSettingsErrorsNamingTheKey() {
    assertThatThrownBy(
            () -> TelemetryDispatcher.create(Settings.of(Map.of("ssewatch.queue.size", "lots"))))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("ssewatch.queue.size");
    assertThatThrownBy(
            () ->
                TelemetryDispatcher.create(
                    Settings.of(Map.of("ssewatch.queue.size", "10", "ssewatch.batch.size", "11"))))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("ssewatch.batch.size");
    assertThatThrownBy(
            () -> TelemetryDispatcher.create(Settings.of(Map.of("ssewatch.batch.delay", "0"))))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("ssewatch.batch.delay");
  }

  private TelemetryDispatcher start(TelemetryDispatcher.Builder b) {
    TelemetryDispatcher d = b.build();
    started.add(d);
    return d;
  }

  private TelemetryDispatcher start(Settings s) {
    TelemetryDispatcher d = TelemetryDispatcher.create(s);
    started.add(d);
    return d;
  }

  private static EventRecord event(long seq) {
    return new EventRecord("s", 0, seq, "message", null, 1, 1, -1, -1, -1);
  }

  private static List<Long> seqs(int n) {
    List<Long> out = new ArrayList<>();
    for (long i = 0; i < n; i++) {
      out.add(i);
    }
    return out;
  }
}
