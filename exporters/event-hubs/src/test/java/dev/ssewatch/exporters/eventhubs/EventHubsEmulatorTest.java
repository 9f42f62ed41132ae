package dev.ssewatch.exporters.eventhubs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.telemetry.TelemetryRecord;
import dev.ssewatch.exporters.otel.receiver.SampleStreams;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.azure.AzuriteContainer;
import org.testcontainers.azure.EventHubsEmulatorContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The same sink against Microsoft's Event Hubs emulator; skipped where Docker is missing. */
@Testcontainers(disabledWithoutDocker = true)
class EventHubsEmulatorTest {

  private static final Network NETWORK = Network.newNetwork();

  @Container
  private static final AzuriteContainer AZURITE =
      new AzuriteContainer("mcr.microsoft.com/azure-storage/azurite:3.33.0").withNetwork(NETWORK);

  @Container
  private static final EventHubsEmulatorContainer EMULATOR =
      new EventHubsEmulatorContainer("mcr.microsoft.com/azure-messaging/eventhubs-emulator:2.0.1")
          .acceptLicense()
          .withNetwork(NETWORK)
          .withAzuriteContainer(AZURITE);

  @Test
  void recordsAreAcceptedByTheEmulator() {
    EventHubsSink sink =
        (EventHubsSink)
            new EventHubsSinkProvider()
                .create(
                    Settings.of(
                        Map.of(
                            "ssewatch.event-hubs.connection-string",
                            EMULATOR.getConnectionString(),
                            // The emulator's default configuration has one hub, eh1.
                            "ssewatch.event-hubs.hub",
                            "eh1",
                            "ssewatch.event-hubs.timeout",
                            "30s")));
    List<TelemetryRecord> records = SampleStreams.stream("s-1", StreamSource.AGENT, 3);
    sink.export(records);

    await().atMost(Duration.ofSeconds(60)).until(() -> sink.sent() == records.size());
    assertThat(sink.failed()).isZero();
    sink.shutdown();
  }
}
