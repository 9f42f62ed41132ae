package dev.ssewatch.exporters.otel;

import static io.opentelemetry.semconv.ErrorAttributes.ERROR_TYPE;
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
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
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

        assertThat(log.lines(receiver.endpoint()).get(0))
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
      // A timeout the refusal always beats, on a loaded machine too: with the 1 s of the other
      // tests, a first export still loading its HTTP client could time out before it was refused.
      OtelSink sink = sink("http://127.0.0.1:" + port, "3s");
      ExporterHealth health = sink.health().orElseThrow();
      try {
        await()
            .atMost(BATCHES)
            .until(() -> feed(sink) && !log.lines("127.0.0.1:" + port).isEmpty());
        assertThat(log.lines("127.0.0.1:" + port).get(0))
            .isEqualTo(
                "WARNING ssewatch: OTLP endpoint http://127.0.0.1:"
                    + port
                    + " unreachable (connection refused): records are dropped while it is down");

        await().atMost(BATCHES).until(() -> feed(sink) && health.state() == State.PAUSED);
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
        assertThat(log.lines("127.0.0.1:" + stalled.port()).get(0))
            .startsWith("WARNING ssewatch: OTLP endpoint http://127.0.0.1:" + stalled.port())
            .contains("did not answer in time");
        await().atMost(BATCHES).until(() -> feed(sink) && health.failed(Reason.TIMEOUT) > 0);
      } finally {
        sink.shutdown();
      }
    }
  }

  /**
   * Behind a slow collector the SDK's queues fill, and the processors drop: each drop is counted as
   * {@code queue_full}, exactly as many as the SDK's own metric counts. (Slow, not stalled: the
   * exports succeed once it answers, so this sink logs no line into the other tests.)
   */
  @Test
  void recordsTheSdkQueuesDropAreCountedAsQueueFull() {
    try (OtlpHttpReceiver slow = OtlpHttpReceiver.start()) {
      slow.hold();
      OtlpConfig config =
          OtlpConfig.from(
              Settings.of(
                  Map.of(
                      "ssewatch.otlp.endpoint", slow.endpoint(),
                      "ssewatch.otlp.timeout", "60s",
                      // Long enough for the SDK to send what is queued once the collector
                      // answers, before it stops: no export of this sink outlives the test.
                      "ssewatch.otlp.shutdown-timeout", "30s",
                      "ssewatch.otlp.queue-size", "16",
                      "ssewatch.otlp.events", "true",
                      "ssewatch.otlp.metric-interval", "60s")));
      InMemoryMetricReader sdkMetrics = InMemoryMetricReader.create();
      SdkMeterProvider self = SdkMeterProvider.builder().registerMetricReader(sdkMetrics).build();
      OtelSink sink = OtlpSinkProvider.create(config, self);
      ExporterHealth health = sink.health().orElseThrow();
      try {
        Feeder many = new Feeder(20, 5);
        for (int i = 0; i < 10; i++) {
          many.feed(sink);
        }
        long sdkDropped = 0;
        for (MetricData m : sdkMetrics.collectAllMetrics()) {
          if (m.getName().startsWith("otel.sdk.processor.") && m.getName().endsWith(".processed")) {
            sdkDropped +=
                m.getLongSumData().getPoints().stream()
                    .filter(p -> "queue_full".equals(p.getAttributes().get(ERROR_TYPE)))
                    .mapToLong(p -> p.getValue())
                    .sum();
          }
        }
        assertThat(sdkDropped).isPositive();
        assertThat(health.dropped(Reason.QUEUE_FULL)).isEqualTo(sdkDropped);
        assertThat(health.dropped()).isGreaterThanOrEqualTo(sdkDropped);
        assertThat(health.state()).isEqualTo(State.OK);
      } finally {
        slow.release();
        sink.shutdown();
        self.close();
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

        assertThat(log.lines(receiver.endpoint()))
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
    return sink(endpoint, "1s");
  }

  private static OtelSink sink(String endpoint, String timeout) {
    OtlpConfig config =
        OtlpConfig.from(
            Settings.of(
                Map.of(
                    "ssewatch.otlp.endpoint",
                    endpoint,
                    "ssewatch.otlp.headers",
                    "Authorization=" + SECRET,
                    "ssewatch.otlp.timeout",
                    timeout,
                    "ssewatch.otlp.queue-size",
                    "256",
                    "ssewatch.otlp.metric-interval",
                    "100ms")));
    return OtlpSinkProvider.create(config, null);
  }

  private boolean feed(OtelSink sink) {
    return feeder.feed(sink);
  }
}
