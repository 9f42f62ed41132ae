package dev.ssewatch.exporters.otel;

import dev.ssewatch.core.telemetry.ExporterHealth;
import dev.ssewatch.core.telemetry.TelemetryRecord;
import dev.ssewatch.core.telemetry.TelemetrySink;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A {@link TelemetrySink} over an OpenTelemetry SDK. {@link #export} only hands signals to the
 * SDK's batch processors, whose queues are bounded and drop when full; the network is touched on
 * the SDK's own threads. So a slow or unreachable backend costs the dispatcher's worker nothing but
 * {@link #flush} and {@link #shutdown}, which each wait at most the configured timeout. An endpoint
 * that fails every export is left alone for a while by the sink's {@link ExportBreaker}.
 */
public final class OtelSink implements TelemetrySink {

  private static final Logger LOG = Logger.getLogger(OtelSink.class.getName());

  private final String name;
  private final OpenTelemetrySdk sdk;
  private final SseTelemetryMapping mapping;
  private final Duration timeout;
  private final ExportBreaker breaker;
  private final AtomicLong failedRecords = new AtomicLong();
  private volatile boolean shutDown;

  private OtelSink(
      String name,
      OpenTelemetrySdk sdk,
      SseTelemetryMapping mapping,
      Duration timeout,
      ExportBreaker breaker) {
    this.name = name;
    this.sdk = sdk;
    this.mapping = mapping;
    this.timeout = timeout;
    this.breaker = breaker;
  }

  /**
   * A sink named {@code name} (for log messages) feeding {@code sdk} through {@code mapping}; the
   * sink owns the SDK and shuts it down. {@code breaker} guards the SDK's exporters: what it skips
   * is counted in {@code mapping}'s {@code ssewatch.telemetry.dropped}.
   */
  public static OtelSink of(
      String name,
      OpenTelemetrySdk sdk,
      SseTelemetryMapping mapping,
      Duration timeout,
      ExportBreaker breaker) {
    breaker.onDrop(mapping::countExporterDrops);
    return new OtelSink(name, sdk, mapping, timeout, breaker);
  }

  @Override
  public void export(List<TelemetryRecord> batch) {
    if (shutDown) {
      return;
    }
    for (TelemetryRecord r : batch) {
      try {
        mapping.record(r);
      } catch (RuntimeException e) {
        // One malformed record must not cost the rest of the batch.
        breaker.health().failed(ExporterHealth.Reason.ERROR, 1);
        if (failedRecords.getAndIncrement() == 0) {
          LOG.log(Level.WARNING, name + ": could not map a " + r.recordType() + " record", e);
        }
      }
    }
  }

  @Override
  public void flush() {
    // One bound for all three signals, not one each.
    await(
        () ->
            CompletableResultCode.ofAll(
                List.of(
                    sdk.getSdkTracerProvider().forceFlush(),
                    sdk.getSdkLoggerProvider().forceFlush(),
                    sdk.getSdkMeterProvider().forceFlush())),
        "flush");
  }

  @Override
  public void shutdown() {
    if (shutDown) {
      return;
    }
    shutDown = true;
    try {
      mapping.endOpenStreams();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, name + ": could not end open streams", e);
    }
    await(sdk::shutdown, "shutdown");
  }

  @Override
  public Optional<ExporterHealth> health() {
    return Optional.of(breaker.health());
  }

  /** Records that could not be mapped since start. */
  public long failedRecords() {
    return failedRecords.get();
  }

  /** The breaker in front of the SDK's exporters. */
  public ExportBreaker breaker() {
    return breaker;
  }

  /** The mapping, for its open-stream count. */
  public SseTelemetryMapping mapping() {
    return mapping;
  }

  /**
   * Starts {@code action} on a thread of its own and waits at most the timeout for the result. The
   * SDK's calls do not all return at once: shutting the metric reader down runs its last export on
   * the calling thread, bounded only by the (much longer) export timeout.
   */
  private void await(Supplier<CompletableResultCode> action, String what) {
    CompletableResultCode result = new CompletableResultCode();
    Thread t =
        new Thread(
            () -> {
              try {
                CompletableResultCode r = action.get();
                r.whenComplete(
                    () -> {
                      if (r.isSuccess()) {
                        result.succeed();
                      } else {
                        result.fail();
                      }
                    });
              } catch (RuntimeException e) {
                result.fail();
              }
            },
            "ssewatch-" + name + "-" + what);
    t.setDaemon(true);
    t.start();
    result.join(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (!result.isDone()) {
      LOG.warning(name + ": " + what + " did not finish within " + timeout);
    } else if (!result.isSuccess()) {
      LOG.fine(name + ": " + what + " failed");
    }
  }
}
