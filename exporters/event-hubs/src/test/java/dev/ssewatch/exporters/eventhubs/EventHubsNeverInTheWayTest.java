package dev.ssewatch.exporters.eventhubs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.exporters.otel.receiver.SampleStreams;
import dev.ssewatch.exporters.otel.receiver.StalledEndpoint;
import java.time.Duration;
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
      int offered = 0;
      int maxBuffered = 0;
      long slowest = 0;
      for (int i = 0; i < 500; i++) {
        var records = SampleStreams.stream("s-" + i, StreamSource.PROXY, 5);
        long t0 = System.nanoTime();
        sink.export(records);
        slowest = Math.max(slowest, System.nanoTime() - t0);
        offered += records.size();
        maxBuffered = Math.max(maxBuffered, sink.buffered());
      }

      // Waiting on the hub even once would cost the 2 s try timeout.
      assertThat(Duration.ofNanos(slowest)).isLessThan(Duration.ofSeconds(1));
      assertThat(maxBuffered).isLessThanOrEqualTo(BUFFER);
      // Beyond the buffer and the one round the sender holds, everything was dropped and counted.
      assertThat(sink.dropped()).isGreaterThanOrEqualTo(offered - BUFFER - 1000L);
      assertThat(sink.sent()).isZero();

      // Core flushes and shuts down every exporter in turn within 5 s in all: with the default
      // shutdown timeout, one exporter takes at most a third of that, whatever its backend does.
      long t0 = System.nanoTime();
      sink.flush();
      sink.shutdown();
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(1600));
    }
  }
}
