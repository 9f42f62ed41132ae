package dev.ssewatch.exporters.eventhubs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.exporters.otel.receiver.NeverInTheWayChecks;
import dev.ssewatch.exporters.otel.receiver.StalledEndpoint;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * With the hub stalled (accepts, never answers) or unreachable, export never waits and the buffer
 * never holds more than its configured size: the rest is dropped and counted.
 */
class EventHubsNeverInTheWayTest {

  private static final int BUFFER = 100;

  @ParameterizedTest
  @ValueSource(strings = {"stalled", "unreachable"})
  void deadHubNeitherBlocksExportNorPilesUpBeyondTheBuffer(String mode) {
    try (StalledEndpoint stalled = StalledEndpoint.start()) {
      int port = mode.equals("stalled") ? stalled.port() : StalledEndpoint.unreachablePort();
      EventHubsSink sink =
          (EventHubsSink)
              new EventHubsSinkProvider()
                  .create(
                      Settings.of(
                          Map.of(
                              "ssewatch.event-hubs.connection-string",
                              "Endpoint=sb://127.0.0.1:"
                                  + port
                                  + ";SharedAccessKeyName=k;SharedAccessKey=dGVzdA==;"
                                  + "UseDevelopmentEmulator=true;EntityPath=telemetry",
                              "ssewatch.event-hubs.buffer-size",
                              String.valueOf(BUFFER),
                              "ssewatch.event-hubs.timeout",
                              "2s",
                              "ssewatch.event-hubs.max-retries",
                              "1")));
      int[] offered = {0};
      int[] maxBuffered = {0};
      NeverInTheWayChecks.assertExportNeverWaits(
          sink,
          500,
          NeverInTheWayChecks::whole,
          records -> {
            offered[0] += records.size();
            maxBuffered[0] = Math.max(maxBuffered[0], sink.buffered());
          });
      assertThat(maxBuffered[0]).isLessThanOrEqualTo(BUFFER);
      // Beyond the buffer and the one round the sender holds, everything was dropped and counted.
      assertThat(sink.dropped()).isGreaterThanOrEqualTo(offered[0] - BUFFER - 1000L);
      assertThat(sink.sent()).isZero();

      NeverInTheWayChecks.assertFlushAndShutdownWithinBudget(sink);
    }
  }
}
