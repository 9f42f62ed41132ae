package dev.ssewatch.exporters.azuremonitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.core.config.Settings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AzureMonitorConfigTest {

  private static final String CONNECTION_STRING =
      "InstrumentationKey=00000000-0000-0000-0000-000000000000;"
          + "IngestionEndpoint=http://127.0.0.1:9/";

  private static AzureMonitorConfig config(String... keyValues) {
    Map<String, String> values = new HashMap<>();
    values.put("ssewatch.azure-monitor.connection-string", CONNECTION_STRING);
    for (int i = 0; i < keyValues.length; i += 2) {
      values.put(keyValues[i], keyValues[i + 1]);
    }
    return AzureMonitorConfig.from(Settings.of(values));
  }

  @Test
  void shutdownTimeoutDefaultsToHalfASecond() {
    assertThat(config().timeout()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void earlierTimeoutKeyIsStillReadButShutdownTimeoutWins() {
    assertThat(config("ssewatch.azure-monitor.timeout", "2s").timeout())
        .isEqualTo(Duration.ofSeconds(2));
    assertThat(
            config(
                    "ssewatch.azure-monitor.timeout", "2s",
                    "ssewatch.azure-monitor.shutdown-timeout", "300ms")
                .timeout())
        .isEqualTo(Duration.ofMillis(300));
  }
}
