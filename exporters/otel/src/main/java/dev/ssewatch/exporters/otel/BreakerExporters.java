package dev.ssewatch.exporters.otel;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The SDK exporters behind an {@link ExportBreaker}.
 *
 * <p>A skipped export answers success on purpose: the SDK logs every failed export (the metric
 * reader at WARNING, once per interval), which is the per-failure noise the breaker exists to stop.
 * What a skipped export held is counted by the breaker instead. Metrics exported as cumulative sums
 * (OTLP's default) lose nothing by a skip: the next export carries the totals. Azure Monitor's
 * exporter asks for deltas of its counters, so a skipped export loses those deltas, as a failed one
 * would; they are aggregates, not records, and are not counted as dropped.
 */
final class BreakerExporters {

  private BreakerExporters() {}

  /**
   * One export through the breaker: skipped while it is open ({@code skippedCount} records counted
   * as dropped), otherwise sent, with the result (and {@code skippedCount} as the records sent or
   * failed) handed back to the breaker.
   */
  private static <T> CompletableResultCode export(
      ExportBreaker breaker,
      Collection<T> items,
      int skippedCount,
      Function<Collection<T>, CompletableResultCode> send) {
    long ticket = breaker.acquire();
    if (ticket == ExportBreaker.SKIP) {
      if (skippedCount > 0) {
        breaker.skipped(skippedCount);
      }
      return CompletableResultCode.ofSuccess();
    }
    CompletableResultCode result;
    try {
      result = send.apply(items);
    } catch (RuntimeException e) {
      breaker.completed(ticket, false, e, skippedCount);
      throw e;
    }
    result.whenComplete(
        () ->
            breaker.completed(
                ticket, result.isSuccess(), result.getFailureThrowable(), skippedCount));
    return result;
  }

  /** Nothing is buffered while open, and flushing must not knock on a door known to be shut. */
  private static CompletableResultCode flush(
      ExportBreaker breaker, Supplier<CompletableResultCode> flush) {
    return breaker.isOpen() ? CompletableResultCode.ofSuccess() : flush.get();
  }

  static final class Spans implements SpanExporter {
    private final ExportBreaker breaker;
    private final SpanExporter delegate;

    Spans(ExportBreaker breaker, SpanExporter delegate) {
      this.breaker = breaker;
      this.delegate = delegate;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      return BreakerExporters.export(breaker, spans, spans.size(), delegate::export);
    }

    @Override
    public CompletableResultCode flush() {
      return BreakerExporters.flush(breaker, delegate::flush);
    }

    @Override
    public CompletableResultCode shutdown() {
      return delegate.shutdown();
    }

    @Override
    public String toString() {
      return "Breaker{" + delegate + "}";
    }
  }

  static final class LogRecords implements LogRecordExporter {
    private final ExportBreaker breaker;
    private final LogRecordExporter delegate;

    LogRecords(ExportBreaker breaker, LogRecordExporter delegate) {
      this.breaker = breaker;
      this.delegate = delegate;
    }

    @Override
    public CompletableResultCode export(Collection<LogRecordData> logs) {
      return BreakerExporters.export(breaker, logs, logs.size(), delegate::export);
    }

    @Override
    public CompletableResultCode flush() {
      return BreakerExporters.flush(breaker, delegate::flush);
    }

    @Override
    public CompletableResultCode shutdown() {
      return delegate.shutdown();
    }

    @Override
    public String toString() {
      return "Breaker{" + delegate + "}";
    }
  }

  static final class Metrics implements MetricExporter {
    private final ExportBreaker breaker;
    private final MetricExporter delegate;

    Metrics(ExportBreaker breaker, MetricExporter delegate) {
      this.breaker = breaker;
      this.delegate = delegate;
    }

    @Override
    public CompletableResultCode export(Collection<MetricData> metrics) {
      // Not counted as dropped: aggregated data points, not records.
      return BreakerExporters.export(breaker, metrics, 0, delegate::export);
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
      return BreakerExporters.flush(breaker, delegate::flush);
    }

    @Override
    public CompletableResultCode shutdown() {
      return delegate.shutdown();
    }

    @Override
    public String toString() {
      return "Breaker{" + delegate + "}";
    }
  }
}
