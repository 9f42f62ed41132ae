package dev.ssewatch.exporters.azuremonitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssewatch.core.telemetry.ExporterHealth;
import dev.ssewatch.core.telemetry.ExporterHealth.State;
import dev.ssewatch.exporters.azuremonitor.receiver.IngestionEndpoint;
import dev.ssewatch.exporters.otel.OtelSink;
import dev.ssewatch.exporters.otel.receiver.Feeder;
import dev.ssewatch.exporters.otel.receiver.HealthLog;
import dev.ssewatch.exporters.otel.receiver.StalledEndpoint;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Against a refusing, an unreachable and a stalled ingestion endpoint, the Application Insights
 * exporter's health leaves ok within seconds, with a line naming the endpoint, never the key, and
 * pauses. The Azure exporter fails an export without saying why, so the line cannot name the HTTP
 * status the way the OTLP exporter's does.
 */
class AzureMonitorHealthTest {

  private static final String KEY = "00000000-0000-0000-0000-00000000beef";
  private static final Duration SECONDS = Duration.ofSeconds(10);

  private final Feeder feeder = new Feeder(5, 5);

  @ParameterizedTest
  @ValueSource(ints = {401, 403})
  void aRefusingIngestionEndpoint(int status) {
    try (HealthLog log = HealthLog.capture();
        IngestionEndpoint ingestion = IngestionEndpoint.start()) {
      ingestion.respondWith(status);
      OtelSink sink = sink(connectionString("http://127.0.0.1:" + ingestion.port() + "/"));
      ExporterHealth health = sink.health().orElseThrow();
      try {
        await()
            .atMost(SECONDS)
            .untilAsserted(
                () -> assertThat(feed(sink) ? health.state() : null).isNotEqualTo(State.OK));
        assertThat(log.lines().get(0))
            .isEqualTo(
                "WARNING ssewatch: Application Insights ingestion endpoint http://127.0.0.1:"
                    + ingestion.port()
                    + "/ failed an export (export failed): retrying");
        await().atMost(SECONDS).until(() -> feed(sink) && health.state() == State.PAUSED);
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> feed(sink) && health.failed() + health.dropped() > 0);
        assertThat(health.sent()).isZero();
        assertThat(log.text()).doesNotContain(KEY);
      } finally {
        sink.shutdown();
      }
    }
  }

  @Test
  void anUnreachableIngestionEndpoint() {
    String base = "http://127.0.0.1:" + StalledEndpoint.unreachablePort() + "/";
    try (HealthLog log = HealthLog.capture()) {
      OtelSink sink = sink(connectionString(base));
      ExporterHealth health = sink.health().orElseThrow();
      try {
        await().atMost(SECONDS).until(() -> feed(sink) && health.state() != State.OK);
        assertThat(log.lines().get(0))
            .startsWith("WARNING ssewatch: Application Insights ingestion endpoint " + base);
        await().atMost(SECONDS).until(() -> feed(sink) && health.state() == State.PAUSED);
        assertThat(health.cause()).contains("3 exports in a row failed");
        assertThat(log.text()).doesNotContain(KEY);
      } finally {
        sink.shutdown();
      }
    }
  }

  @Test
  void aStalledIngestionEndpoint() {
    try (HealthLog log = HealthLog.capture();
        StalledEndpoint stalled = StalledEndpoint.start()) {
      String base = "http://127.0.0.1:" + stalled.port() + "/";
      OtelSink sink = sink(connectionString(base));
      ExporterHealth health = sink.health().orElseThrow();
      try {
        await()
            .atMost(Duration.ofSeconds(90))
            .until(() -> feed(sink) && health.state() != State.OK);
        assertThat(log.lines().get(0))
            .startsWith("WARNING ssewatch: Application Insights ingestion endpoint " + base);
        assertThat(log.text()).doesNotContain(KEY);
      } finally {
        sink.shutdown();
      }
    }
  }

  private static String connectionString(String base) {
    return "InstrumentationKey=" + KEY + ";IngestionEndpoint=" + base + ";LiveEndpoint=" + base;
  }

  private static OtelSink sink(String connectionString) {
    return AzureMonitorBreakerTest.sinkWith(connectionString);
  }

  private boolean feed(OtelSink sink) {
    return feeder.feed(sink);
  }
}
