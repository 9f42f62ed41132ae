package dev.ssewatch.exporters.otel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.telemetry.ExporterHealth;
import dev.ssewatch.core.telemetry.ExporterHealth.Reason;
import dev.ssewatch.core.telemetry.ExporterHealth.State;
import dev.ssewatch.exporters.otel.receiver.Feeder;
import dev.ssewatch.exporters.otel.receiver.HealthLog;
import dev.ssewatch.exporters.otel.receiver.OtlpHttpReceiver;
import dev.ssewatch.exporters.otel.receiver.StalledEndpoint;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Against a refusing, an unreachable and a stalled collector, the OTLP exporter's health says so
 * within seconds of the first failure, in a line naming the cause, and counts what was lost; and
 * says when the collector is back.
 */
class OtlpHealthTest {

  /** A header value that must never reach a log line. */
  private static final String SECRET = "Bearer s3cr3t-token-value";

  /** Far above what the first failed export takes, even on a loaded machine. */
  private static final Duration SECONDS = Duration.ofSeconds(10);

  /** For counts of spans and log records: the SDK's batch processors send every 5 s by default. */
  private static final Duration BATCHES = Duration.ofSeconds(30);

  private final Feeder feeder = new Feeder(5, 5);

  @ParameterizedTest
  @ValueSource(ints = {401, 403})
  void aRefusingCollectorIsRefusedAndTheLineSaysWhatToCheck(int status) {
    try (HealthLog log = HealthLog.capture();
        OtlpHttpReceiver receiver = OtlpHttpReceiver.start()) {
      receiver.respondWith(status);
      OtelSink sink = sink(receiver.endpoint());
      ExporterHealth health = sink.health().orElseThrow();
      try {
        await()
            .atMost(SECONDS)
            .untilAsserted(
                () ->
                    assertThat(feed(sink) ? health.state() : null)
                        .as(log.text())
                        .isEqualTo(State.REFUSED));

        assertThat(log.lines().get(0))
            .startsWith("WARNING ssewatch: OTLP endpoint " + receiver.endpoint())
            .contains("refused the export (HTTP " + status)
            .contains("check the credentials in ssewatch.otlp.headers");
        // Metric exports (every 100 ms here) open the breaker first: spans and logs are then
        // dropped.
        await()
            .atMost(BATCHES)
            .until(() -> feed(sink) && health.failed() + health.dropped(Reason.BREAKER_OPEN) > 0);
        assertThat(health.sent()).isZero();
        // The breaker opens on a refusing endpoint too, but the state stays the one to act on.
        await().atMost(SECONDS).until(() -> feed(sink) && sink.breaker().isOpen());
        assertThat(health.state()).isEqualTo(State.REFUSED);
        assertThat(log.text()).doesNotContain("s3cr3t");
      } finally {
        sink.shutdown();
      }
    }
  }

  @Test
  void anUnreachableCollectorIsRetryingThenPausedAndDropsAreCounted() {
    int port = StalledEndpoint.unreachablePort();
    try (HealthLog log = HealthLog.capture()) {
      OtelSink sink = sink("http://127.0.0.1:" + port);
      ExporterHealth health = sink.health().orElseThrow();
      try {
        await().atMost(SECONDS).until(() -> feed(sink) && !log.lines().isEmpty());
        assertThat(log.lines().get(0))
            .isEqualTo(
                "WARNING ssewatch: OTLP endpoint http://127.0.0.1:"
                    + port
                    + " unreachable (connection refused): records are dropped while it is down");

        await().atMost(SECONDS).until(() -> feed(sink) && health.state() == State.PAUSED);
        await().atMost(BATCHES).until(() -> feed(sink) && health.dropped(Reason.BREAKER_OPEN) > 0);
        assertThat(health.cause()).contains("exports in a row failed (last: connection refused)");
        assertThat(log.text()).doesNotContain("s3cr3t");
      } finally {
        sink.shutdown();
      }
    }
  }

  @Test
  void aStalledCollectorTimesOut() {
    try (HealthLog log = HealthLog.capture();
        StalledEndpoint stalled = StalledEndpoint.start()) {
      OtelSink sink = sink("http://127.0.0.1:" + stalled.port());
      ExporterHealth health = sink.health().orElseThrow();
      try {
        // The export timeout is 1 s; the SDK may retry within it.
        await().atMost(SECONDS).until(() -> feed(sink) && health.state() != State.OK);
        assertThat(log.lines().get(0))
            .startsWith("WARNING ssewatch: OTLP endpoint http://127.0.0.1:" + stalled.port())
            .contains("did not answer in time");
        await().atMost(BATCHES).until(() -> feed(sink) && health.failed(Reason.TIMEOUT) > 0);
      } finally {
        sink.shutdown();
      }
    }
  }

  @Test
  void aCollectorThatAnswersAgainIsOkAndTheLineCountsTheLoss() {
    try (HealthLog log = HealthLog.capture();
        OtlpHttpReceiver receiver = OtlpHttpReceiver.start()) {
      receiver.respondWith(503);
      OtelSink sink = sink(receiver.endpoint());
      ExporterHealth health = sink.health().orElseThrow();
      try {
        await().atMost(SECONDS).until(() -> feed(sink) && health.state() != State.OK);
        receiver.respondWith(200);
        await()
            .atMost(Duration.ofSeconds(90)) // past the breaker's pause, however long it grew
            .until(() -> feed(sink) && health.state() == State.OK);

        assertThat(log.lines())
            .last()
            .asString()
            .startsWith("INFO ssewatch: OTLP endpoint " + receiver.endpoint() + " is back: ")
            .endsWith("failed or dropped while it was down");
        await().atMost(BATCHES).until(() -> feed(sink) && health.sent() > 0);
      } finally {
        sink.shutdown();
      }
    }
  }

  @Test
  void endpointsAreNamedWithoutCredentials() {
    assertThat(EndpointNames.forLogs("https://user:pw@collector:4318/otlp?token=x#f"))
        .isEqualTo("https://collector:4318/otlp");
    assertThat(EndpointNames.forLogs("not a url")).isEqualTo("(as configured)");
  }

  private static OtelSink sink(String endpoint) {
    OtlpConfig config =
        OtlpConfig.from(
            Settings.of(
                Map.of(
                    "ssewatch.otlp.endpoint", endpoint,
                    "ssewatch.otlp.headers", "Authorization=" + SECRET,
                    "ssewatch.otlp.timeout", "1s",
                    "ssewatch.otlp.queue-size", "256",
                    "ssewatch.otlp.metric-interval", "100ms")));
    return OtlpSinkProvider.create(config, null);
  }

  private boolean feed(OtelSink sink) {
    return feeder.feed(sink);
  }
}
