package dev.ssewatch.exporters.azuremonitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.telemetry.TelemetrySink;
import dev.ssewatch.exporters.azuremonitor.receiver.IngestionEndpoint;
import dev.ssewatch.exporters.otel.receiver.CanaryChecks;
import dev.ssewatch.exporters.otel.receiver.CanaryRecords;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AzureMonitorCanaryTest {

  @Test
  void noSecretNorWouldBeDataReachesApplicationInsights() {
    try (IngestionEndpoint endpoint = IngestionEndpoint.start()) {
      TelemetrySink sink =
          new AzureMonitorSinkProvider()
              .create(
                  Settings.of(
                      Map.of(
                          "ssewatch.azure-monitor.connection-string",
                          endpoint.connectionString(),
                          // Per-event export on, so event records are in the payloads too.
                          "ssewatch.azure-monitor.events",
                          "true")));
      sink.export(CanaryRecords.stream("canary-stream", StreamSource.PROXY));
      sink.export(CanaryRecords.llmAndMcpStreams(StreamSource.PROXY));
      sink.shutdown();

      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  !endpoint.items("RequestData").isEmpty()
                      && !endpoint.items("MessageData").isEmpty());
      // Not vacuous: the stream and its redacted query did arrive.
      // The LLM and MCP streams too, recorded from bytes whose content is canaries.
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(endpoint.payloads())
                      .anyMatch(p -> p.contains(CanaryRecords.LLM_MODEL)));
      CanaryChecks.assertArrivedWithoutSecrets(endpoint.payloads());
    }
  }
}
