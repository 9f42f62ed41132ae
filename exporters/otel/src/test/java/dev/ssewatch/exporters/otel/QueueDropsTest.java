package dev.ssewatch.exporters.otel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.core.telemetry.ExporterHealth;
import dev.ssewatch.core.telemetry.ExporterHealth.Reason;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.InternalTelemetryVersion;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The SDK's batch processors, with a tiny queue in front of an exporter that is stuck in its first
 * export: every record past the full queue is dropped by the processor, and counted, exactly, as
 * {@code queue_full} in the exporter's health, while the processor's own metric still gets it.
 */
class QueueDropsTest {

  private static final int QUEUE = 16;
  private static final int DROPS = 25;

  /** Only while the test waits on a latch that a healthy run opens at once. */
  private static final long LATCH_SECONDS = 30;

  private final ExporterHealth health = ExporterHealth.of("otlp");
  private final InMemoryMetricReader sdkMetrics = InMemoryMetricReader.create();
  private final SdkMeterProvider target =
      SdkMeterProvider.builder().registerMetricReader(sdkMetrics).build();
  private final QueueDrops meters = new QueueDrops(() -> target, health);
  private final Stuck stuck = new Stuck();

  @AfterEach
  void close() {
    stuck.release.countDown();
    target.close();
  }

  @Test
  void spansDroppedByAFullQueueAreCountedExactly() throws InterruptedException {
    SdkTracerProvider tracerProvider =
        SdkTracerProvider.builder()
            .addSpanProcessor(
                BatchSpanProcessor.builder(stuck.spans())
                    .setMaxQueueSize(QUEUE)
                    .setMaxExportBatchSize(QUEUE)
                    .setScheduleDelay(Duration.ofHours(1))
                    .setExporterTimeout(Duration.ofHours(1))
                    .setMeterProvider(() -> meters)
                    .setInternalTelemetryVersion(InternalTelemetryVersion.LATEST)
                    .build())
            .build();
    Tracer tracer = tracerProvider.get("test");
    try {
      // A full batch wakes the worker, which takes it and gets stuck exporting it.
      for (int i = 0; i < QUEUE; i++) {
        tracer.spanBuilder("s").startSpan().end();
      }
      assertThat(stuck.entered.await(LATCH_SECONDS, TimeUnit.SECONDS)).isTrue();
      assertThat(health.dropped()).isZero();
      // The queue fills again, and then every further span is dropped.
      for (int i = 0; i < QUEUE + DROPS; i++) {
        tracer.spanBuilder("s").startSpan().end();
      }

      assertThat(health.dropped(Reason.QUEUE_FULL)).isEqualTo(DROPS);
      assertThat(health.dropped()).isEqualTo(DROPS);
      assertThat(health.failed()).isZero();
      assertThat(sdkDropped(QueueDrops.SPANS_PROCESSED)).isEqualTo(DROPS);
    } finally {
      stuck.release.countDown();
      tracerProvider.shutdown().join(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void logRecordsDroppedByAFullQueueAreCountedExactly() throws InterruptedException {
    SdkLoggerProvider loggerProvider =
        SdkLoggerProvider.builder()
            .addLogRecordProcessor(
                BatchLogRecordProcessor.builder(stuck.logs())
                    .setMaxQueueSize(QUEUE)
                    .setMaxExportBatchSize(QUEUE)
                    .setScheduleDelay(Duration.ofHours(1))
                    .setExporterTimeout(Duration.ofHours(1))
                    .setMeterProvider(() -> meters)
                    .setInternalTelemetryVersion(InternalTelemetryVersion.LATEST)
                    .build())
            .build();
    Logger logger = loggerProvider.get("test");
    try {
      for (int i = 0; i < QUEUE; i++) {
        logger.logRecordBuilder().setBody("r").emit();
      }
      assertThat(stuck.entered.await(LATCH_SECONDS, TimeUnit.SECONDS)).isTrue();
      for (int i = 0; i < QUEUE + DROPS; i++) {
        logger.logRecordBuilder().setBody("r").emit();
      }

      assertThat(health.dropped(Reason.QUEUE_FULL)).isEqualTo(DROPS);
      assertThat(sdkDropped(QueueDrops.LOGS_PROCESSED)).isEqualTo(DROPS);
    } finally {
      stuck.release.countDown();
      loggerProvider.shutdown().join(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void recordsTheProcessorHandsOnAreNotDrops() throws InterruptedException {
    stuck.release.countDown();
    SdkTracerProvider tracerProvider =
        SdkTracerProvider.builder()
            .addSpanProcessor(
                BatchSpanProcessor.builder(stuck.spans())
                    .setMaxQueueSize(QUEUE)
                    .setMaxExportBatchSize(QUEUE)
                    .setMeterProvider(() -> meters)
                    .setInternalTelemetryVersion(InternalTelemetryVersion.LATEST)
                    .build())
            .build();
    for (int i = 0; i < QUEUE; i++) {
      tracerProvider.get("test").spanBuilder("s").startSpan().end();
    }
    tracerProvider.forceFlush().join(10, TimeUnit.SECONDS);
    tracerProvider.shutdown().join(10, TimeUnit.SECONDS);

    assertThat(sdkProcessed(QueueDrops.SPANS_PROCESSED)).isEqualTo(QUEUE);
    assertThat(health.dropped()).isZero();
  }

  private long sdkDropped(String name) {
    return points(name, true);
  }

  private long sdkProcessed(String name) {
    return points(name, false);
  }

  private long points(String name, boolean dropped) {
    long n = 0;
    for (MetricData m : sdkMetrics.collectAllMetrics()) {
      if (m.getName().equals(name)) {
        n +=
            m.getLongSumData().getPoints().stream()
                .filter(
                    p ->
                        dropped
                            == QueueDrops.QUEUE_FULL.equals(
                                p.getAttributes()
                                    .get(io.opentelemetry.semconv.ErrorAttributes.ERROR_TYPE)))
                .mapToLong(p -> p.getValue())
                .sum();
      }
    }
    return n;
  }

  /** Exporters whose exports block until released: a collector that never answers. */
  private static final class Stuck {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    CompletableResultCode block() {
      entered.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return CompletableResultCode.ofSuccess();
    }

    SpanExporter spans() {
      return new SpanExporter() {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
          return block();
        }

        @Override
        public CompletableResultCode flush() {
          return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
          return CompletableResultCode.ofSuccess();
        }
      };
    }

    LogRecordExporter logs() {
      return new LogRecordExporter() {
        @Override
        public CompletableResultCode export(Collection<LogRecordData> logs) {
          return block();
        }

        @Override
        public CompletableResultCode flush() {
          return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
          return CompletableResultCode.ofSuccess();
        }
      };
    }
  }
}
