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

/**
 * The SDK exporters behind an {@link ExportBreaker}.
 *
 * <p>A skipped export answers success on purpose: the SDK logs every failed export (the metric
 * reader at WARNING, once per interval), which is the per-failure noise the breaker exists to stop.
 * What a skipped export held is counted by the breaker instead. Metrics lose nothing by a skip
 * while their temporality is cumulative: the next export carries the totals.
 */
final class BreakerExporters {

  private BreakerExporters() {}

  /** Hands {@code send}'s result back to the breaker; {@code ticket} came from acquire. */
  private static CompletableResultCode watch(
      ExportBreaker breaker, long ticket, CompletableResultCode result) {
    result.whenComplete(() -> breaker.completed(ticket, result.isSuccess()));
    return result;
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
      long ticket = breaker.acquire();
      if (ticket == ExportBreaker.SKIP) {
        breaker.skipped(spans.size());
        return CompletableResultCode.ofSuccess();
      }
      CompletableResultCode result;
      try {
        result = delegate.export(spans);
      } catch (RuntimeException e) {
        breaker.completed(ticket, false);
        throw e;
      }
      return watch(breaker, ticket, result);
    }

    @Override
    public CompletableResultCode flush() {
      // Nothing is buffered while open, and flushing must not knock on a door known to be shut.
      return breaker.isOpen() ? CompletableResultCode.ofSuccess() : delegate.flush();
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
      long ticket = breaker.acquire();
      if (ticket == ExportBreaker.SKIP) {
        breaker.skipped(logs.size());
        return CompletableResultCode.ofSuccess();
      }
      CompletableResultCode result;
      try {
        result = delegate.export(logs);
      } catch (RuntimeException e) {
        breaker.completed(ticket, false);
        throw e;
      }
      return watch(breaker, ticket, result);
    }

    @Override
    public CompletableResultCode flush() {
      return breaker.isOpen() ? CompletableResultCode.ofSuccess() : delegate.flush();
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
      long ticket = breaker.acquire();
      if (ticket == ExportBreaker.SKIP) {
        // Not counted as dropped: aggregated data points, not records, and cumulative ones at that.
        return CompletableResultCode.ofSuccess();
      }
      CompletableResultCode result;
      try {
        result = delegate.export(metrics);
      } catch (RuntimeException e) {
        breaker.completed(ticket, false);
        throw e;
      }
      return watch(breaker, ticket, result);
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
      return breaker.isOpen() ? CompletableResultCode.ofSuccess() : delegate.flush();
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
