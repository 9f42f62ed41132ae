package dev.ssewatch.exporters.azuremonitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.exporters.otel.OtelSink;
import dev.ssewatch.exporters.otel.receiver.NeverInTheWayChecks;
import dev.ssewatch.exporters.otel.receiver.StalledEndpoint;
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
      // Half the streams never end: they must not pile up beyond max-open-streams either.
      NeverInTheWayChecks.assertExportNeverWaits(
          sink,
          2000,
          i -> {
            var records = NeverInTheWayChecks.whole(i);
            return i % 2 == 0 ? records : records.subList(0, records.size() - 1);
          },
          records -> {});
      assertThat(sink.mapping().openStreams()).isLessThanOrEqualTo(100);

      NeverInTheWayChecks.assertFlushAndShutdownWithinBudget(sink);
    }
  }
}
