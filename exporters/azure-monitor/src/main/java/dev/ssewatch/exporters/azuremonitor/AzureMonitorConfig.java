package dev.ssewatch.exporters.azuremonitor;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.config.SettingsException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The Application Insights sink's settings.
 *
 * @param connectionString the resource's connection string (a credential: never logged)
 * @param exportEvents whether each SSE event becomes a trace item; off by default because
 *     Application Insights bills by ingested volume
 * @param spoolDir where batches that failed to send are kept for retry, or {@code null} for no
 *     spooling at all
 * @param liveMetrics whether to feed Live Metrics
 * @param longStreamThreshold streams at least this long are marked {@code sse.long_stream}
 * @param queueSize spans, and separately log records, held while the endpoint is slow
 * @param metricInterval how often metrics are exported
 * @param timeout bound on flush, and separately on shutdown: kept short because core gives all
 *     exporters together 5 s to flush and shut down, one after another
 * @param maxOpenStreams streams tracked between start and end
 */
public record AzureMonitorConfig(
    String connectionString,
    boolean exportEvents,
    Path spoolDir,
    boolean liveMetrics,
    Duration longStreamThreshold,
    int queueSize,
    Duration metricInterval,
    Duration timeout,
    int maxOpenStreams) {

  static final String CONNECTION_STRING = "ssewatch.azure-monitor.connection-string";
  static final String EVENTS = "ssewatch.azure-monitor.events";
  static final String SPOOL_DIR = "ssewatch.azure-monitor.spool-dir";
  static final String LIVE_METRICS = "ssewatch.azure-monitor.live-metrics";
  static final String LONG_STREAM_THRESHOLD = "ssewatch.azure-monitor.long-stream-threshold";
  static final String QUEUE_SIZE = "ssewatch.azure-monitor.queue-size";
  static final String METRIC_INTERVAL = "ssewatch.azure-monitor.metric-interval";
  static final String SHUTDOWN_TIMEOUT = "ssewatch.azure-monitor.shutdown-timeout";

  /** The earlier name of {@link #SHUTDOWN_TIMEOUT}, still read when that is not set. */
  static final String TIMEOUT = "ssewatch.azure-monitor.timeout";

  /**
   * Default bound on flush and on shutdown. Core's dispatcher flushes and then shuts down every
   * exporter in turn within 5 s in all: three exporters at twice this take 3 s at worst.
   */
  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofMillis(500);

  static final String MAX_OPEN_STREAMS = "ssewatch.azure-monitor.max-open-streams";

  /** Read through {@link Settings}: its environment lookup maps it to the standard variable. */
  static final String STANDARD_CONNECTION_STRING = "applicationinsights.connection.string";

  public static AzureMonitorConfig from(Settings s) {
    String cs = s.get(CONNECTION_STRING, s.get(STANDARD_CONNECTION_STRING, null));
    if (cs == null) {
      throw new SettingsException(
          CONNECTION_STRING, "required (or set APPLICATIONINSIGHTS_CONNECTION_STRING)");
    }
    if (!cs.contains("InstrumentationKey=")) {
      // Never echo the value: it is a credential.
      throw new SettingsException(
          CONNECTION_STRING, "expected an Application Insights connection string (value hidden)");
    }
    String spool = s.get(SPOOL_DIR, null);
    Path spoolDir = null;
    if (spool != null) {
      try {
        spoolDir = Path.of(spool).toAbsolutePath();
      } catch (RuntimeException e) {
        throw new SettingsException(SPOOL_DIR, "not a path: '" + spool + "'");
      }
    }
    String timeoutKey = s.get(SHUTDOWN_TIMEOUT) != null ? SHUTDOWN_TIMEOUT : TIMEOUT;
    Duration timeout = s.duration(timeoutKey, DEFAULT_SHUTDOWN_TIMEOUT);
    if (timeout.isZero() || timeout.isNegative()) {
      throw new SettingsException(timeoutKey, "must be positive");
    }
    Duration interval = s.duration(METRIC_INTERVAL, Duration.ofSeconds(60));
    if (interval.toMillis() < 100) {
      throw new SettingsException(METRIC_INTERVAL, "must be at least 100ms");
    }
    return new AzureMonitorConfig(
        cs,
        s.bool(EVENTS, false),
        spoolDir,
        s.bool(LIVE_METRICS, false),
        s.duration(LONG_STREAM_THRESHOLD, Duration.ofSeconds(30)),
        s.intValue(QUEUE_SIZE, 2048, 16, 1_000_000),
        interval,
        timeout,
        s.intValue(MAX_OPEN_STREAMS, 10_000, 1, 10_000_000));
  }

  @Override
  public String toString() {
    return "AzureMonitorConfig[connectionString=(hidden), exportEvents="
        + exportEvents
        + ", spoolDir="
        + spoolDir
        + ", liveMetrics="
        + liveMetrics
        + "]";
  }
}
