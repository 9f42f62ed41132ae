package dev.ssewatch.exporters.eventhubs;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.config.SettingsException;
import java.time.Duration;

/**
 * The Event Hubs sink's settings: a connection string, or a fully qualified namespace and hub name
 * authenticated with {@code DefaultAzureCredential}.
 *
 * @param connectionString a namespace or hub connection string (a credential: never logged), or
 *     {@code null} to use {@code namespace} and a token credential
 * @param namespace e.g. {@code myns.servicebus.windows.net}
 * @param hub the event hub; may be omitted when the connection string names it ({@code EntityPath})
 * @param bufferSize records held while the hub is slow or unreachable; more are dropped and counted
 * @param tryTimeout bound on one send attempt
 * @param shutdownTimeout bound on flush, and separately on shutdown: kept well under the send
 *     timeout because core gives all exporters together 5 s to flush and shut down, one after
 *     another
 * @param maxRetries further attempts after a failed send
 * @param retryDelay the first backoff delay, doubled per retry
 */
public record EventHubsConfig(
    String connectionString,
    String namespace,
    String hub,
    int bufferSize,
    Duration tryTimeout,
    Duration shutdownTimeout,
    int maxRetries,
    Duration retryDelay) {

  static final String CONNECTION_STRING = "ssewatch.event-hubs.connection-string";
  static final String NAMESPACE = "ssewatch.event-hubs.namespace";
  static final String HUB = "ssewatch.event-hubs.hub";
  static final String BUFFER_SIZE = "ssewatch.event-hubs.buffer-size";
  static final String TIMEOUT = "ssewatch.event-hubs.timeout";
  static final String SHUTDOWN_TIMEOUT = "ssewatch.event-hubs.shutdown-timeout";

  /**
   * Default bound on flush and on shutdown. Core's dispatcher flushes and then shuts down every
   * exporter in turn within 5 s in all: three exporters at twice this take 3 s at worst.
   */
  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofMillis(500);

  static final String MAX_RETRIES = "ssewatch.event-hubs.max-retries";
  static final String RETRY_DELAY = "ssewatch.event-hubs.retry-delay";

  public static EventHubsConfig from(Settings s) {
    String cs = s.get(CONNECTION_STRING, null);
    String ns = s.get(NAMESPACE, null);
    String hub = s.get(HUB, null);
    if (cs == null && ns == null) {
      throw new SettingsException(
          CONNECTION_STRING, "required, or set " + NAMESPACE + " and " + HUB + " instead");
    }
    if (cs != null && !cs.contains("Endpoint=")) {
      throw new SettingsException(
          CONNECTION_STRING, "expected an Event Hubs connection string (value hidden)");
    }
    if (cs == null && hub == null) {
      throw new SettingsException(HUB, "required with " + NAMESPACE);
    }
    if (cs != null && hub == null && !cs.contains("EntityPath=")) {
      throw new SettingsException(HUB, "required when the connection string has no EntityPath");
    }
    Duration timeout = s.duration(TIMEOUT, Duration.ofSeconds(10));
    if (timeout.toMillis() < 100) {
      throw new SettingsException(TIMEOUT, "must be at least 100ms");
    }
    Duration shutdownTimeout = s.duration(SHUTDOWN_TIMEOUT, DEFAULT_SHUTDOWN_TIMEOUT);
    if (shutdownTimeout.isZero() || shutdownTimeout.isNegative()) {
      throw new SettingsException(SHUTDOWN_TIMEOUT, "must be positive");
    }
    Duration delay = s.duration(RETRY_DELAY, Duration.ofMillis(500));
    if (delay.isZero() || delay.isNegative()) {
      throw new SettingsException(RETRY_DELAY, "must be positive");
    }
    return new EventHubsConfig(
        cs,
        ns,
        hub,
        s.intValue(BUFFER_SIZE, 10_000, 1, 10_000_000),
        timeout,
        shutdownTimeout,
        s.intValue(MAX_RETRIES, 3, 0, 100),
        delay);
  }

  @Override
  public String toString() {
    return "EventHubsConfig[connectionString="
        + (connectionString == null ? "none" : "(hidden)")
        + ", namespace="
        + namespace
        + ", hub="
        + hub
        + ", bufferSize="
        + bufferSize
        + "]";
  }
}
