package dev.ssewatch.exporters.azuremonitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.core.telemetry.ExporterHealth;
import dev.ssewatch.core.telemetry.ExporterHealth.Reason;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.metrics.View;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The processors' {@code processed} counters, as the autoconfigured SDK records them (Azure
 * Monitor's views dropping the SDK's own meters), read at two metric exports: what they count as
 * dropped for a full queue is added to the health once, whatever the exporter's temporality; no
 * other point is; and the exporter never gets the views read here.
 */
class ProcessorDropsTest {

  private static final String TRACE = ProcessorDrops.SPANS_METER;
  private static final String LOGS = ProcessorDrops.LOGS_METER;

  @ParameterizedTest(name = "{0} {1} {2} {3}")
  @CsvSource({
    // meter, counter, attribute, temporality, drops counted from adding 3 then 4
    // The default (legacy) internal telemetry: dropped=true marks the queue's drops.
    TRACE + ", processedSpans, dropped=true, DELTA, 7",
    TRACE + ", processedSpans, dropped=true, CUMULATIVE, 7",
    LOGS + ", processedLogs, dropped=true, DELTA, 7",
    LOGS + ", processedLogs, dropped=true, CUMULATIVE, 7",
    // Records the processor exported.
    TRACE + ", processedSpans, dropped=false, DELTA, 0",
    // The latest internal telemetry: error.type=queue_full.
    TRACE + ", otel.sdk.processor.span.processed, error.type=queue_full, DELTA, 7",
    LOGS + ", otel.sdk.processor.log.processed, error.type=queue_full, CUMULATIVE, 7",
    // Dropped after shutdown, or exported: not the queue's drops.
    LOGS + ", otel.sdk.processor.log.processed, error.type=already_shutdown, DELTA, 0",
    TRACE + ", otel.sdk.processor.span.processed, , DELTA, 0",
    // Not the SDK's meter: not the processors' counter.
    "ssewatch, processedSpans, dropped=true, DELTA, 0",
  })
  void theQueuesDropsAreCountedOnce(
      String meter,
      String counter,
      String attribute,
      AggregationTemporality temporality,
      long expected) {
    ExporterHealth health = ExporterHealth.of("azure-monitor");
    Capturing exporter = new Capturing(temporality);
    SdkMeterProviderBuilder builder = SdkMeterProvider.builder();
    // As Azure Monitor's customizer does.
    for (String sdkMeter : new String[] {TRACE, LOGS}) {
      builder.registerView(
          InstrumentSelector.builder().setMeterName(sdkMeter).build(),
          View.builder().setAggregation(Aggregation.drop()).build());
    }
    ProcessorDrops.registerViews(builder);
    try (SdkMeterProvider meters =
        builder
            .registerMetricReader(
                PeriodicMetricReader.builder(new ProcessorDrops(exporter, health))
                    .setInterval(Duration.ofHours(1))
                    .build())
            .build()) {
      LongCounter processed = meters.get(meter).counterBuilder(counter).build();
      LongCounter other = meters.get("ssewatch").counterBuilder("sse.other").build();
      Attributes attributes = attributes(attribute);

      processed.add(3, attributes);
      other.add(1);
      assertThat(meters.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
      processed.add(4, attributes);
      assertThat(meters.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();

      assertThat(health.dropped(Reason.QUEUE_FULL)).isEqualTo(expected);
      assertThat(health.dropped()).isEqualTo(expected);
      assertThat(exporter.names).contains("sse.other");
      assertThat(exporter.names).noneMatch(n -> n.startsWith(ProcessorDrops.VIEW_PREFIX));
    }
  }

  private static Attributes attributes(String attribute) {
    if (attribute == null) {
      return Attributes.empty();
    }
    String[] kv = attribute.split("=", 2);
    return kv[0].equals("dropped")
        ? Attributes.of(AttributeKey.booleanKey(kv[0]), Boolean.parseBoolean(kv[1]))
        : Attributes.of(AttributeKey.stringKey(kv[0]), kv[1]);
  }

  /** Keeps the names of the metrics it is handed, with the temporality it is built with. */
  private static final class Capturing implements MetricExporter {
    final List<String> names = new CopyOnWriteArrayList<>();
    private final AggregationTemporality temporality;

    Capturing(AggregationTemporality temporality) {
      this.temporality = temporality;
    }

    @Override
    public CompletableResultCode export(Collection<MetricData> metrics) {
      metrics.forEach(m -> names.add(m.getName()));
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
      return temporality;
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
