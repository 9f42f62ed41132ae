package dev.ssewatch.exporters.azuremonitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.exporters.otel.OtelSink;
import dev.ssewatch.exporters.otel.receiver.SampleStreams;
import dev.ssewatch.exporters.otel.receiver.StalledEndpoint;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * With the ingestion endpoint stalled or unreachable, export never waits, the open-stream map stays
 * bounded, and shutdown returns within its timeout.
 */
class AzureMonitorNeverInTheWayTest {

  @ParameterizedTest
  @ValueSource(strings = {"stalled", "unreachable"})
  void deadIngestionNeitherBlocksExportNorPilesUp(String mode) {
    try (StalledEndpoint stalled = StalledEndpoint.start()) {
      int port = mode.equals("stalled") ? stalled.port() : StalledEndpoint.unreachablePort();
      String base = "http://127.0.0.1:" + port + "/";
      OtelSink sink =
          (OtelSink)
              new AzureMonitorSinkProvider()
                  .create(
                      Settings.of(
                          Map.of(
                              "ssewatch.azure-monitor.connection-string",
                              "InstrumentationKey=00000000-0000-0000-0000-000000000001;"
                                  + "IngestionEndpoint="
                                  + base
                                  + ";LiveEndpoint="
                                  + base,
                              "ssewatch.azure-monitor.queue-size",
                              "64",
                              "ssewatch.azure-monitor.max-open-streams",
                              "100")));
      long slowest = 0;
      for (int i = 0; i < 2000; i++) {
        var records = SampleStreams.stream("s-" + i, StreamSource.PROXY, 5);
        var sent = i % 2 == 0 ? records : records.subList(0, records.size() - 1);
        long t0 = System.nanoTime();
        sink.export(sent);
        slowest = Math.max(slowest, System.nanoTime() - t0);
      }
      // Waiting on the network even once would take seconds.
      assertThat(Duration.ofNanos(slowest)).isLessThan(Duration.ofSeconds(1));
      assertThat(sink.mapping().openStreams()).isLessThanOrEqualTo(100);

      // Core flushes and shuts down every exporter in turn within 5 s in all: with the default
      // shutdown timeout, one exporter takes at most a third of that, whatever its backend does.
      long t0 = System.nanoTime();
      sink.flush();
      sink.shutdown();
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(1600));
    }
  }
}
