package dev.ssewatch.exporters.eventhubs;

import com.azure.core.amqp.AmqpRetryMode;
import com.azure.core.amqp.AmqpRetryOptions;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.messaging.eventhubs.EventHubClientBuilder;
import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.config.SettingsException;
import dev.ssewatch.core.telemetry.TelemetrySink;
import dev.ssewatch.core.telemetry.TelemetrySinkProvider;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;

/** {@code ssewatch.exporters=event-hubs}: every record as JSON to an Azure event hub. */
public final class EventHubsSinkProvider implements TelemetrySinkProvider {

  public static final String NAME = "event-hubs";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public TelemetrySink create(Settings settings) {
    return create(EventHubsConfig.from(settings));
  }

  /** The sink for {@code config}. The client connects lazily, on the first send. */
  public static EventHubsSink create(EventHubsConfig config) {
    // One attempt per call: the sink retries itself, so that it can say why at the first failure.
    AmqpRetryOptions retry =
        new AmqpRetryOptions()
            .setMode(AmqpRetryMode.FIXED)
            .setMaxRetries(0)
            .setDelay(config.retryDelay())
            .setTryTimeout(config.tryTimeout());
    EventHubClientBuilder builder = new EventHubClientBuilder().retryOptions(retry);
    if (config.connectionString() != null) {
      try {
        if (config.hub() != null && !config.connectionString().contains("EntityPath=")) {
          builder.connectionString(config.connectionString(), config.hub());
        } else {
          builder.connectionString(config.connectionString());
        }
      } catch (IllegalArgumentException e) {
        // The client's message quotes parts of the string, which may include the key.
        throw new SettingsException(
            EventHubsConfig.CONNECTION_STRING,
            "not a valid Event Hubs connection string (value hidden)");
      }
    } else {
      builder.credential(
          config.namespace(), config.hub(), new DefaultAzureCredentialBuilder().build());
    }
    // One attempt, with room for opening the connection and the link before the send itself.
    Duration sendBound = config.tryTimeout().multipliedBy(2);
    String refusedHint =
        config.connectionString() != null
            ? "check the connection string's key (" + EventHubsConfig.CONNECTION_STRING + ")"
            : "check that the credential has the Azure Event Hubs Data Sender role on the hub";
    return new EventHubsSink(
        builder.buildAsyncProducerClient(),
        config.bufferSize(),
        config.shutdownTimeout(),
        sendBound,
        config.maxRetries(),
        config.retryDelay(),
        refusedHint,
        endpoint(config));
  }

  /** Default AMQP port of a namespace: AMQP over TLS. */
  static final int AMQPS_PORT = 5671;

  /**
   * The namespace's AMQP address, unresolved: the connection string's {@code Endpoint} host and
   * port, or the namespace on {@value #AMQPS_PORT}; {@code null} if neither can be read.
   */
  static InetSocketAddress endpoint(EventHubsConfig config) {
    String host = config.namespace();
    int port = AMQPS_PORT;
    if (config.connectionString() != null) {
      host = null;
      for (String part : config.connectionString().split(";")) {
        int eq = part.indexOf('=');
        if (eq > 0 && part.substring(0, eq).trim().equalsIgnoreCase("Endpoint")) {
          try {
            URI u = URI.create(part.substring(eq + 1).trim());
            host = u.getHost();
            port = u.getPort() > 0 ? u.getPort() : AMQPS_PORT;
          } catch (IllegalArgumentException e) {
            return null;
          }
        }
      }
    }
    return host == null ? null : InetSocketAddress.createUnresolved(host, port);
  }
}
