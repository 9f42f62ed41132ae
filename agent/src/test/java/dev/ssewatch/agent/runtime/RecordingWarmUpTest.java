package dev.ssewatch.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssewatch.core.config.Settings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordingWarmUpTest {

  @Test
  void runsManyShortStreamsThroughTheRecordingPathAsConfigured() {
    long all = new RecordingWarmUp(Settings.of(Map.of())).run();
    long none = new RecordingWarmUp(Settings.of(Map.of("ssewatch.events.sample", "none"))).run();

    assertThat(all).isEqualTo((long) RecordingWarmUp.STREAMS * RecordingWarmUp.EVENTS_PER_STREAM);
    assertThat(none).isZero();
  }

  @Test
  void startsOneDaemonThreadOnceThatEnds() {
    RecordingWarmUp warmUp = new RecordingWarmUp(Settings.of(Map.of()));
    joinWarmUpsOfOtherTests();

    warmUp.start();
    warmUp.start();

    assertThat(threads()).isLessThanOrEqualTo(1);
    await().atMost(Duration.ofSeconds(60)).until(() -> threads() == 0);
  }

  @Test
  void theSwitchLeavesTheJitToTheApplication() {
    RecordingWarmUp warmUp =
        new RecordingWarmUp(Settings.of(Map.of(RecordingWarmUp.ENABLED_KEY, "false")));
    joinWarmUpsOfOtherTests();

    warmUp.start();

    assertThat(threads()).isZero();
  }

  /** Other tests in this JVM start warm-ups of their own; they must not count here. */
  private static void joinWarmUpsOfOtherTests() {
    Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals(RecordingWarmUp.THREAD_NAME))
        .forEach(RecordingWarmUpTest::join);
  }

  private static void join(Thread t) {
    try {
      t.join(Duration.ofSeconds(60).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static long threads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals(RecordingWarmUp.THREAD_NAME))
        .peek(t -> assertThat(t.isDaemon()).isTrue())
        .count();
  }
}
