package dev.ssewatch.exporters.azuremonitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.telemetry.TelemetryRecord;
import dev.ssewatch.exporters.azuremonitor.receiver.IngestionEndpoint;
import dev.ssewatch.exporters.otel.OtelSink;
import dev.ssewatch.exporters.otel.receiver.SampleStreams;
import dev.ssewatch.exporters.otel.receiver.StalledEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The Azure exporter fails at once against a closed port, so without the breaker its batch
 * processors would serialise and send every batch as fast as records arrive. With it, the sink
 * sends one probe per pause, drops and counts the rest, and resumes once ingestion answers.
 */
class AzureMonitorBreakerTest {

  /** Three failures to open, then pauses of at least 0.5 s, 1 s, 2 s: two probes fit in 3 s. */
  private static final int MAX_ATTEMPTS_IN_THREE_SECONDS_WHILE_OPEN = 3;

  private final AtomicInteger streams = new AtomicInteger();

  @Test
  void aClosedPortGetsABoundedNumberOfExportAttempts() {
    String base = "http://127.0.0.1:" + StalledEndpoint.unreachablePort() + "/";
    OtelSink sink =
        sink(
            "InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint="
                + base
                + ";LiveEndpoint="
                + base);
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> feed(sink) && sink.breaker().isOpen());
      long attemptsWhenOpened = sink.breaker().attempts();
      long droppedWhenOpened = sink.breaker().dropped();

      // At this rate a closed breaker would try dozens of exports a second.
      await()
          .pollInterval(Duration.ofMillis(20))
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(30))
          .until(() -> feed(sink));

      assertThat(sink.breaker().attempts() - attemptsWhenOpened)
          .isLessThanOrEqualTo(MAX_ATTEMPTS_IN_THREE_SECONDS_WHILE_OPEN);
      assertThat(sink.breaker().dropped()).isGreaterThan(droppedWhenOpened);
    } finally {
      sink.shutdown();
    }
  }

  @Test
  void aRefusingIngestionEndpointIsProbedSparinglyAndExportsResumeWhenItAccepts() {
    try (IngestionEndpoint ingestion = IngestionEndpoint.start()) {
      ingestion.respondWith(503);
      OtelSink sink = sink(ingestion.connectionString());
      try {
        await().atMost(Duration.ofSeconds(30)).until(() -> feed(sink) && sink.breaker().isOpen());
        int requestsWhenOpened = ingestion.payloads().size();

        await()
            .pollInterval(Duration.ofMillis(20))
            .during(Duration.ofSeconds(3))
            .atMost(Duration.ofSeconds(30))
            .until(() -> feed(sink));
        assertThat(ingestion.payloads().size() - requestsWhenOpened)
            .isLessThanOrEqualTo(MAX_ATTEMPTS_IN_THREE_SECONDS_WHILE_OPEN);

        ingestion.respondWith(200);
        int requestsBefore = ingestion.items("RequestData").size();
        await().atMost(Duration.ofSeconds(60)).until(() -> feed(sink) && !sink.breaker().isOpen());
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> feed(sink) && ingestion.items("RequestData").size() > requestsBefore);
      } finally {
        sink.shutdown();
      }
    }
  }

  private static OtelSink sink(String connectionString) {
    return (OtelSink)
        new AzureMonitorSinkProvider()
            .create(
                Settings.of(
                    Map.of(
                        "ssewatch.azure-monitor.connection-string", connectionString,
                        "ssewatch.azure-monitor.events", "true",
                        "ssewatch.azure-monitor.queue-size", "256",
                        "ssewatch.azure-monitor.metric-interval", "100ms")));
  }

  /** Hands the sink twenty more whole streams; always true, so it can sit in a condition. */
  private boolean feed(OtelSink sink) {
    List<TelemetryRecord> batch = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      batch.addAll(SampleStreams.stream("s-" + streams.incrementAndGet(), StreamSource.PROXY, 20));
    }
    sink.export(batch);
    return true;
  }
}
