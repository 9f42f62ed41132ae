package dev.ssewatch.exporters.otel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.telemetry.TelemetryRecord;
import dev.ssewatch.exporters.otel.receiver.NeverInTheWayChecks;
import dev.ssewatch.exporters.otel.receiver.SampleStreams;
import dev.ssewatch.exporters.otel.receiver.StalledEndpoint;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * With the collector stalled or unreachable, exporting costs the dispatcher's worker no waiting,
 * and what piles up stays within the configured bounds: the SDK queues drop and count.
 */
class OtlpNeverInTheWayTest {

  private static final int QUEUE = 64;
  private static final int STREAMS = 2000;

  @ParameterizedTest(name = "{0} over {1}")
  @CsvSource({
    "stalled, http/protobuf",
    "stalled, grpc",
    "unreachable, http/protobuf",
    "unreachable, grpc"
  })
  void deadCollectorNeitherBlocksExportNorPilesUpBeyondTheQueue(String mode, String protocol) {
    try (StalledEndpoint stalled = StalledEndpoint.start()) {
      int port = mode.equals("stalled") ? stalled.port() : StalledEndpoint.unreachablePort();
      OtlpConfig config =
          OtlpConfig.from(
              Settings.of(
                  Map.of(
                      "ssewatch.otlp.endpoint",
                      "http://127.0.0.1:" + port,
                      "ssewatch.otlp.protocol",
                      protocol,
                      "ssewatch.otlp.queue-size",
                      String.valueOf(QUEUE),
                      "ssewatch.otlp.max-open-streams",
                      "100",
                      "ssewatch.otlp.timeout",
                      "1s")));
      InMemoryMetricReader selfMetrics = InMemoryMetricReader.create();
      SdkMeterProvider self = SdkMeterProvider.builder().registerMetricReader(selfMetrics).build();
      OtelSink sink = OtlpSinkProvider.create(config, self);

      long slowest = 0;
      long start = System.nanoTime();
      for (int i = 0; i < STREAMS; i++) {
        List<TelemetryRecord> batch = SampleStreams.stream("s-" + i, StreamSource.PROXY, 5);
        // Half the streams never end: they must not pile up beyond max-open-streams either.
        List<TelemetryRecord> records =
            i % 2 == 0 ? batch : new ArrayList<>(batch.subList(0, batch.size() - 1));
        long t0 = System.nanoTime();
        sink.export(records);
        slowest = Math.max(slowest, System.nanoTime() - t0);
      }

      // Waiting on the network even once would cost the 2 s export timeout.
      assertThat(Duration.ofNanos(slowest)).isLessThan(NeverInTheWayChecks.EXPORT_BOUND);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
      assertThat(sink.mapping().openStreams()).isLessThanOrEqualTo(100);
      List<MetricData> metrics = new ArrayList<>(selfMetrics.collectAllMetrics());
      assertThat(gauge(metrics, "otel.sdk.processor.span.queue.size")).isLessThanOrEqualTo(QUEUE);
      assertThat(gauge(metrics, "otel.sdk.processor.log.queue.size")).isLessThanOrEqualTo(QUEUE);
      assertThat(dropped(metrics, "otel.sdk.processor.span.processed")).isPositive();
      assertThat(dropped(metrics, "otel.sdk.processor.log.processed")).isPositive();

      NeverInTheWayChecks.assertFlushAndShutdownWithinBudget(sink);
      self.close();
    }
  }

  private static long gauge(List<MetricData> metrics, String name) {
    return metrics.stream()
        .filter(m -> m.getName().equals(name))
        .flatMap(
            m ->
                m.getType() == io.opentelemetry.sdk.metrics.data.MetricDataType.LONG_GAUGE
                    ? m.getLongGaugeData().getPoints().stream()
                    : m.getLongSumData().getPoints().stream())
        .mapToLong(p -> p.getValue())
        .max()
        .orElseThrow(() -> new AssertionError(name + " not reported; got " + names(metrics)));
  }

  private static long dropped(List<MetricData> metrics, String name) {
    return metrics.stream()
        .filter(m -> m.getName().equals(name))
        .flatMap(m -> m.getLongSumData().getPoints().stream())
        .filter(
            p ->
                p.getAttributes().asMap().keySet().stream()
                    .anyMatch(k -> k.getKey().equals("error.type")))
        .mapToLong(p -> p.getValue())
        .sum();
  }

  private static List<String> names(List<MetricData> metrics) {
    return metrics.stream().map(MetricData::getName).toList();
  }
}
