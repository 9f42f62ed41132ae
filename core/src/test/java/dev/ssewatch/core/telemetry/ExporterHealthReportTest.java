package dev.ssewatch.core.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssewatch.core.telemetry.ExporterHealth.Reason;
import dev.ssewatch.core.telemetry.ExporterHealth.State;
import dev.ssewatch.core.testing.ManualTimeSource;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The dispatcher reports its sinks' health: on each change of state, and once a minute. */
class ExporterHealthReportTest {

  private final CollectingSink sink = CollectingSink.open();
  private final ExporterHealth health = new ExporterHealth("otlp", (level, message) -> {});
  private final ManualTimeSource time = new ManualTimeSource();
  private final TelemetryDispatcher dispatcher =
      TelemetryDispatcher.builder()
          .batchDelay(Duration.ofMillis(10))
          .timeSource(time)
          .sink("jsonl", sink)
          .sink("otlp", new HealthySink(health))
          .build();

  @AfterEach
  void stop() {
    dispatcher.shutdown(Duration.ofSeconds(5));
  }

  @Test
  void theDispatcherExposesTheHealthOfTheSinksThatTrackIt() {
    assertThat(dispatcher.exporterHealth()).containsExactly(health);
  }

  @Test
  void aChangeOfStateIsReportedWithTheTotals() {
    health.sent(10);
    health.failed(Reason.UNREACHABLE, 3);
    health.dropped(Reason.BREAKER_OPEN, 2);
    health.enter(State.PAUSED, "OTLP endpoint unreachable");

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(reports())
                    .containsExactly(
                        new ExporterHealthRecord(
                            time.epochMillis(),
                            "otlp",
                            "paused",
                            "OTLP endpoint unreachable",
                            10,
                            3,
                            2)));

    health.recovered("OTLP endpoint");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(reports()).extracting(ExporterHealthRecord::state).endsWith("ok"));
    assertThat(reports()).hasSize(2);
  }

  @Test
  void anUnchangedStateIsReportedOnceAMinute() {
    health.sent(4);
    assertThat(dispatcher.flush(Duration.ofSeconds(10))).isTrue();
    assertThat(reports()).isEmpty();

    time.advance(TelemetryDispatcher.HEALTH_REPORT_INTERVAL);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(reports()).extracting(ExporterHealthRecord::sent).containsExactly(4L));
  }

  private List<ExporterHealthRecord> reports() {
    return sink.records().stream()
        .filter(ExporterHealthRecord.class::isInstance)
        .map(ExporterHealthRecord.class::cast)
        .toList();
  }

  /** A sink with health and nothing else. */
  private record HealthySink(ExporterHealth h) implements TelemetrySink {
    @Override
    public void export(List<TelemetryRecord> batch) {}

    @Override
    public void flush() {}

    @Override
    public void shutdown() {}

    @Override
    public Optional<ExporterHealth> health() {
      return Optional.of(h);
    }
  }
}
