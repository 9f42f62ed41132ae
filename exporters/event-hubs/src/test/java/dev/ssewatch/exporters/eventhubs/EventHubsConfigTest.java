package dev.ssewatch.exporters.eventhubs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.config.SettingsException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventHubsConfigTest {

  private static SettingsException failure(Map<String, String> values) {
    return catchThrowableOfType(
        SettingsException.class, () -> new EventHubsSinkProvider().create(Settings.of(values)));
  }

  @Test
  void nothingConfiguredNamesTheConnectionStringKey() {
    assertThat(failure(Map.of()).key()).isEqualTo("ssewatch.event-hubs.connection-string");
  }

  @Test
  void namespaceWithoutHubNamesTheHubKey() {
    assertThat(failure(Map.of("ssewatch.event-hubs.namespace", "ns.servicebus.windows.net")).key())
        .isEqualTo("ssewatch.event-hubs.hub");
  }

  @Test
  void malformedConnectionStringNeverEchoesTheKey() {
    SettingsException e =
        failure(
            Map.of(
                "ssewatch.event-hubs.connection-string",
                "Endpoint=sb://x;SharedAccessKey=super-secret-key;Bogus",
                "ssewatch.event-hubs.hub",
                "h"));
    assertThat(e.key()).isEqualTo("ssewatch.event-hubs.connection-string");
    assertThat(e.getMessage()).doesNotContain("super-secret-key");
  }

  @Test
  void bufferSizeOutOfRangeNamesItsKey() {
    assertThat(
            failure(
                    Map.of(
                        "ssewatch.event-hubs.connection-string",
                        "Endpoint=sb://x/;SharedAccessKeyName=a;SharedAccessKey=b;EntityPath=h",
                        "ssewatch.event-hubs.buffer-size",
                        "0"))
                .key())
        .isEqualTo("ssewatch.event-hubs.buffer-size");
  }

  @Test
  void shutdownIsBoundedFarMoreTightlyThanASendAttempt() {
    EventHubsConfig c =
        EventHubsConfig.from(
            Settings.of(
                Map.of(
                    "ssewatch.event-hubs.connection-string",
                    "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=k;"
                        + "SharedAccessKey=a2V5;EntityPath=hub")));
    assertThat(c.tryTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.shutdownTimeout()).isEqualTo(Duration.ofMillis(500));
  }
}
