package dev.ssewatch.exporters.azuremonitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.telemetry.ExporterHealth;
import dev.ssewatch.core.telemetry.ExporterHealth.Reason;
import dev.ssewatch.core.telemetry.ExporterHealth.State;
import dev.ssewatch.exporters.azuremonitor.receiver.IngestionEndpoint;
import dev.ssewatch.exporters.otel.OtelSink;
import dev.ssewatch.exporters.otel.receiver.Feeder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Behind slow ingestion the autoconfigured SDK's queues fill, and its batch processors drop: each
 * drop is counted as {@code queue_full} in the exporter's health, exactly as many as the
 * processors' own counters ({@code processedSpans} and {@code processedLogs} with {@code
 * dropped=true}) hold. Application Insights gets no metric it did not get before.
 */
class AzureMonitorQueueDropsTest {

  /** The smallest queue the settings allow: a few streams overflow it. */
  private static final String QUEUE = "16";

  @Test
  void recordsTheSdkQueuesDropAreCountedAsQueueFull() {
    SdkMetrics sdkMetrics = new SdkMetrics();
    try (IngestionEndpoint ingestion = IngestionEndpoint.start()) {
      ingestion.hold();
      OtelSink sink =
          AzureMonitorSinkProvider.create(
              AzureMonitorConfig.from(
                  Settings.of(
                      Map.of(
                          AzureMonitorConfig.CONNECTION_STRING, ingestion.connectionString(),
                          AzureMonitorConfig.EVENTS, "true",
                          AzureMonitorConfig.QUEUE_SIZE, QUEUE,
                          // Only the flush below exports metrics while the test runs.
                          AzureMonitorConfig.METRIC_INTERVAL, "1h",
                          // Bounds the flush: long enough for the held exports to finish once
                          // ingestion answers.
                          AzureMonitorConfig.SHUTDOWN_TIMEOUT, "60s"))),
              sdkMetrics);
      ExporterHealth health = sink.health().orElseThrow();
      try {
        // Hundreds of spans and log records: the processors' workers are stuck in their first
        // exports, their queues fill, and everything past them is dropped.
        Feeder many = new Feeder(20, 5);
        for (int i = 0; i < 10; i++) {
          many.feed(sink);
        }
        long spansDropped = sdkMetrics.dropped(ProcessorDrops.LEGACY_SPANS_PROCESSED);
        long logsDropped = sdkMetrics.dropped(ProcessorDrops.LEGACY_LOGS_PROCESSED);
        assertThat(spansDropped).isPositive();
        assertThat(logsDropped).isPositive();
        ingestion.release();
        sink.flush();

        // Counted at the metric export the flush makes.
        await()
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(
                () ->
                    assertThat(health.dropped(Reason.QUEUE_FULL))
                        .as("dropped(queue_full) against the processors' own drop count")
                        .isEqualTo(spansDropped + logsDropped));
        assertThat(sdkMetrics.dropped(ProcessorDrops.LEGACY_SPANS_PROCESSED))
            .isEqualTo(spansDropped);
        assertThat(health.dropped()).isEqualTo(health.dropped(Reason.QUEUE_FULL));
        assertThat(health.failed()).isZero();
        assertThat(health.state()).isEqualTo(State.OK);
        // The metric export reached ingestion, without the counters read for the health.
        await().atMost(Duration.ofSeconds(60)).until(() -> !metricNames(ingestion).isEmpty());
        assertThat(metricNames(ingestion))
            .noneMatch(n -> n.startsWith(ProcessorDrops.VIEW_PREFIX))
            .doesNotContain(
                ProcessorDrops.LEGACY_SPANS_PROCESSED, ProcessorDrops.LEGACY_LOGS_PROCESSED);
      } finally {
        ingestion.release();
        sink.shutdown();
      }
    }
  }

  /** The names of the metrics ingestion received. */
  @SuppressWarnings("unchecked")
  private static List<String> metricNames(IngestionEndpoint ingestion) {
    List<String> names = new ArrayList<>();
    for (Map<String, Object> item : ingestion.items("MetricData")) {
      for (Map<String, Object> metric : (List<Map<String, Object>>) item.get("metrics")) {
        names.add((String) metric.get("name"));
      }
    }
    return names;
  }

  /** A second reader of the SDK's metrics, read when the test asks: cumulative totals. */
  private static final class SdkMetrics implements MetricReader {
    private volatile CollectionRegistration registration = CollectionRegistration.noop();

    /** The {@code dropped=true} total of the processors' counter {@code counter}. */
    long dropped(String counter) {
      long n = 0;
      for (MetricData m : registration.collectAllMetrics()) {
        if (m.getName().equals(ProcessorDrops.VIEW_PREFIX + counter)) {
          for (LongPointData p : m.getLongSumData().getPoints()) {
            if (Boolean.TRUE.equals(p.getAttributes().get(ProcessorDrops.LEGACY_DROPPED))) {
              n += p.getValue();
            }
          }
        }
      }
      return n;
    }

    @Override
    public void register(CollectionRegistration registration) {
      this.registration = registration;
    }

    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
      return AggregationTemporality.CUMULATIVE;
    }

    @Override
    public CompletableResultCode forceFlush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
