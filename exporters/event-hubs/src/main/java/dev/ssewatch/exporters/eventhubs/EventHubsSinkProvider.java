package dev.ssewatch.exporters.eventhubs;

import com.azure.core.amqp.AmqpRetryMode;
import com.azure.core.amqp.AmqpRetryOptions;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.messaging.eventhubs.EventHubClientBuilder;
import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.config.SettingsException;
import dev.ssewatch.core.telemetry.TelemetrySink;
import dev.ssewatch.core.telemetry.TelemetrySinkProvider;
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
    AmqpRetryOptions retry =
        new AmqpRetryOptions()
            .setMode(AmqpRetryMode.EXPONENTIAL)
            .setMaxRetries(config.maxRetries())
            .setDelay(config.retryDelay())
            .setMaxDelay(config.retryDelay().multipliedBy(16))
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
    // Every attempt, plus every backoff at its longest.
    Duration sendBound =
        config
            .tryTimeout()
            .multipliedBy(config.maxRetries() + 1L)
            .plus(retry.getMaxDelay().multipliedBy(config.maxRetries()));
    return new EventHubsSink(
        builder.buildAsyncProducerClient(),
        config.bufferSize(),
        config.shutdownTimeout(),
        sendBound);
  }
}
