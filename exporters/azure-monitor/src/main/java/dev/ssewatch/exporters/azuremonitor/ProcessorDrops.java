package dev.ssewatch.exporters.azuremonitor;

import dev.ssewatch.core.telemetry.ExporterHealth;
import dev.ssewatch.core.telemetry.ExporterHealth.Reason;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.metrics.View;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.metrics.data.SumData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.semconv.ErrorAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The metric exporter of the autoconfigured SDK: counts what the SDK's batch span and log-record
 * processors dropped because their queue was full as {@code dropped} ({@code queue_full}) in the
 * exporter's {@link ExporterHealth}, and passes the rest of each collection on unchanged.
 *
 * <p>Why here: autoconfigure builds the processors itself and hands them the SDK's own meter
 * provider, so the counter they add their drops to cannot be wrapped as the OTLP exporter does; and
 * Azure Monitor's customizer drops every metric of the SDK's own meters ({@code
 * io.opentelemetry.sdk.trace}, {@code io.opentelemetry.sdk.logs}), so no reader sees that counter.
 * {@link #registerViews} adds a second view of the processors' counters under names of ssewatch's
 * own, which this class reads and takes out of the collection: Application Insights gets what it
 * got before, the processors' metrics still dropped.
 *
 * <p>Exact: the meter provider's only reader is the periodic reader exporting through this class.
 * It collects only when no export is in progress, and then always exports what it collected (an
 * empty collection holds no drops); Azure Monitor's exporter asks for deltas, so every drop is
 * counted once (a cumulative sum is turned into deltas here).
 *
 * <p>When: a drop is counted at the next metric export ({@code
 * ssewatch.azure-monitor.metric-interval}, 60 s by default), at a flush, or at shutdown; while an
 * export to a stalled endpoint is in progress, at the first export after it ends. The reading costs
 * one pass over the collection's metric names per interval, off every application thread.
 */
final class ProcessorDrops implements MetricExporter {

  /** The processors' counters with the SDK's default ({@code LEGACY}) internal telemetry. */
  static final String LEGACY_SPANS_PROCESSED = "processedSpans";

  static final String LEGACY_LOGS_PROCESSED = "processedLogs";

  /** {@code true} on the legacy counters' points for records dropped because the queue was full. */
  static final AttributeKey<Boolean> LEGACY_DROPPED = AttributeKey.booleanKey("dropped");

  /** The same counters with the {@code LATEST} internal telemetry, which a host may turn on. */
  static final String SPANS_PROCESSED = "otel.sdk.processor.span.processed";

  static final String LOGS_PROCESSED = "otel.sdk.processor.log.processed";
  static final String QUEUE_FULL = "queue_full";

  /** The meters the processors record in. */
  static final String SPANS_METER = "io.opentelemetry.sdk.trace";

  static final String LOGS_METER = "io.opentelemetry.sdk.logs";

  /** Prefixes the names of the views read here: never passed on to the exporter. */
  static final String VIEW_PREFIX = "ssewatch.exporter.queue.";

  private final MetricExporter delegate;
  private final ExporterHealth health;

  // Guarded by this: the last value of each cumulative drop series, by metric name and attributes.
  private final Map<Map.Entry<String, Attributes>, Long> lastCumulative = new HashMap<>();

  ProcessorDrops(MetricExporter delegate, ExporterHealth health) {
    this.delegate = delegate;
    this.health = health;
  }

  /**
   * Adds the views of the processors' {@code processed} counters that {@link #export} reads, to the
   * builder of the meter provider the processors are given.
   */
  static SdkMeterProviderBuilder registerViews(SdkMeterProviderBuilder builder) {
    view(builder, SPANS_METER, LEGACY_SPANS_PROCESSED);
    view(builder, LOGS_METER, LEGACY_LOGS_PROCESSED);
    view(builder, SPANS_METER, SPANS_PROCESSED);
    view(builder, LOGS_METER, LOGS_PROCESSED);
    return builder;
  }

  private static void view(SdkMeterProviderBuilder builder, String meter, String counter) {
    builder.registerView(
        InstrumentSelector.builder()
            .setMeterName(meter)
            .setType(InstrumentType.COUNTER)
            .setName(counter)
            .build(),
        View.builder().setName(VIEW_PREFIX + counter).setAggregation(Aggregation.sum()).build());
  }

  @Override
  public CompletableResultCode export(Collection<MetricData> metrics) {
    List<MetricData> rest = new ArrayList<>(metrics.size());
    for (MetricData m : metrics) {
      if (!m.getName().startsWith(VIEW_PREFIX)) {
        rest.add(m);
        continue;
      }
      try {
        count(m);
      } catch (RuntimeException e) {
        // Counting must never cost the export.
      }
    }
    return delegate.export(rest);
  }

  private synchronized void count(MetricData m) {
    if (m.getType() != MetricDataType.LONG_SUM) {
      return;
    }
    String counter = m.getName().substring(VIEW_PREFIX.length());
    boolean legacy =
        LEGACY_SPANS_PROCESSED.equals(counter) || LEGACY_LOGS_PROCESSED.equals(counter);
    SumData<LongPointData> sum = m.getLongSumData();
    boolean cumulative = sum.getAggregationTemporality() == AggregationTemporality.CUMULATIVE;
    for (LongPointData p : sum.getPoints()) {
      Attributes a = p.getAttributes();
      boolean dropped =
          legacy
              ? Boolean.TRUE.equals(a.get(LEGACY_DROPPED))
              : QUEUE_FULL.equals(a.get(ErrorAttributes.ERROR_TYPE));
      if (!dropped) {
        continue;
      }
      long n = p.getValue();
      if (cumulative) {
        Long last = lastCumulative.put(Map.entry(counter, a), n);
        // A sum lower than the last one was restarted: all of it is new.
        n = last == null || n < last ? n : n - last;
      }
      health.dropped(Reason.QUEUE_FULL, n);
    }
  }

  @Override
  public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
    return delegate.getAggregationTemporality(instrumentType);
  }

  @Override
  public Aggregation getDefaultAggregation(InstrumentType instrumentType) {
    return delegate.getDefaultAggregation(instrumentType);
  }

  @Override
  public MemoryMode getMemoryMode() {
    return delegate.getMemoryMode();
  }

  @Override
  public CompletableResultCode flush() {
    return delegate.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }

  @Override
  public String toString() {
    return "ProcessorDrops{" + delegate + "}";
  }
}
