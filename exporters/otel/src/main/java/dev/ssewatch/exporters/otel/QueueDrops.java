package dev.ssewatch.exporters.otel;

import dev.ssewatch.core.telemetry.ExporterHealth;
import dev.ssewatch.core.telemetry.ExporterHealth.Reason;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleCounterBuilder;
import io.opentelemetry.api.metrics.DoubleGaugeBuilder;
import io.opentelemetry.api.metrics.DoubleHistogramBuilder;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongCounterBuilder;
import io.opentelemetry.api.metrics.LongUpDownCounterBuilder;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterBuilder;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.metrics.ObservableLongCounter;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.opentelemetry.context.Context;
import io.opentelemetry.semconv.ErrorAttributes;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The meter provider handed to the SDK's batch span and log-record processors: it passes their
 * metrics on unchanged, and counts the records they drop because their queue is full as {@code
 * dropped} ({@code queue_full}) in the exporter's {@link ExporterHealth}.
 *
 * <p>Why here: the processors tell of their drops only through their own metrics ({@code
 * otel.sdk.processor.span.processed} and {@code otel.sdk.processor.log.processed} with {@code
 * error.type=queue_full}, the SDK's {@code LATEST} internal telemetry). Counting as the processor
 * adds, on the thread that ended the span or emitted the record, makes the count exact at once,
 * with no reader to poll; it costs one attribute look-up per add, and allocates nothing.
 */
final class QueueDrops implements MeterProvider {

  static final String SPANS_PROCESSED = "otel.sdk.processor.span.processed";
  static final String LOGS_PROCESSED = "otel.sdk.processor.log.processed";
  static final String QUEUE_FULL = "queue_full";

  private final Supplier<MeterProvider> delegate;
  private final ExporterHealth health;

  /** Passes the metrics on to {@code delegate} (resolved when the SDK first asks for a meter). */
  QueueDrops(Supplier<MeterProvider> delegate, ExporterHealth health) {
    this.delegate = delegate;
    this.health = health;
  }

  @Override
  public MeterBuilder meterBuilder(String scope) {
    return new Builder(delegate.get().meterBuilder(scope));
  }

  private final class Builder implements MeterBuilder {
    private final MeterBuilder builder;

    Builder(MeterBuilder builder) {
      this.builder = builder;
    }

    @Override
    public MeterBuilder setSchemaUrl(String schemaUrl) {
      builder.setSchemaUrl(schemaUrl);
      return this;
    }

    @Override
    public MeterBuilder setInstrumentationVersion(String version) {
      builder.setInstrumentationVersion(version);
      return this;
    }

    @Override
    public Meter build() {
      return new Counting(builder.build());
    }
  }

  private final class Counting implements Meter {
    private final Meter meter;

    Counting(Meter meter) {
      this.meter = meter;
    }

    @Override
    public LongCounterBuilder counterBuilder(String name) {
      LongCounterBuilder b = meter.counterBuilder(name);
      return SPANS_PROCESSED.equals(name) || LOGS_PROCESSED.equals(name) ? new Processed(b) : b;
    }

    @Override
    public LongUpDownCounterBuilder upDownCounterBuilder(String name) {
      return meter.upDownCounterBuilder(name);
    }

    @Override
    public DoubleHistogramBuilder histogramBuilder(String name) {
      return meter.histogramBuilder(name);
    }

    @Override
    public DoubleGaugeBuilder gaugeBuilder(String name) {
      return meter.gaugeBuilder(name);
    }
  }

  /** The builder of a processor's {@code processed} counter. */
  private final class Processed implements LongCounterBuilder {
    private final LongCounterBuilder builder;

    Processed(LongCounterBuilder builder) {
      this.builder = builder;
    }

    @Override
    public LongCounterBuilder setDescription(String description) {
      builder.setDescription(description);
      return this;
    }

    @Override
    public LongCounterBuilder setUnit(String unit) {
      builder.setUnit(unit);
      return this;
    }

    @Override
    public DoubleCounterBuilder ofDoubles() {
      return builder.ofDoubles();
    }

    @Override
    public LongCounter build() {
      return new DropCounter(builder.build());
    }

    @Override
    public ObservableLongCounter buildWithCallback(Consumer<ObservableLongMeasurement> callback) {
      return builder.buildWithCallback(callback);
    }
  }

  private final class DropCounter implements LongCounter {
    private final LongCounter counter;

    DropCounter(LongCounter counter) {
      this.counter = counter;
    }

    @Override
    public void add(long value) {
      counter.add(value);
    }

    @Override
    public void add(long value, Attributes attributes) {
      count(value, attributes);
      counter.add(value, attributes);
    }

    @Override
    public void add(long value, Attributes attributes, Context context) {
      count(value, attributes);
      counter.add(value, attributes, context);
    }

    private void count(long value, Attributes attributes) {
      if (QUEUE_FULL.equals(attributes.get(ErrorAttributes.ERROR_TYPE))) {
        health.dropped(Reason.QUEUE_FULL, value);
      }
    }
  }
}
