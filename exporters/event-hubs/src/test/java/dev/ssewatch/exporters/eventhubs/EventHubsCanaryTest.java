package dev.ssewatch.exporters.eventhubs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.telemetry.TelemetryRecord;
import dev.ssewatch.exporters.eventhubs.receiver.AmqpEventHubPeer;
import dev.ssewatch.exporters.otel.receiver.CanaryChecks;
import dev.ssewatch.exporters.otel.receiver.CanaryRecords;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventHubsCanaryTest {

  @Test
  void noSecretNorWouldBeDataReachesTheHub() {
    try (AmqpEventHubPeer peer = AmqpEventHubPeer.start("telemetry")) {
      EventHubsSink sink =
          (EventHubsSink)
              new EventHubsSinkProvider()
                  .create(
                      Settings.of(
                          Map.of(
                              "ssewatch.event-hubs.connection-string", peer.connectionString())));
      List<TelemetryRecord> records =
          new java.util.ArrayList<>(CanaryRecords.stream("canary-stream", StreamSource.PROXY));
      records.addAll(CanaryRecords.llmAndMcpStreams(StreamSource.PROXY));
      sink.export(records);
      sink.flush();
      await().atMost(Duration.ofSeconds(20)).until(() -> peer.events().size() == records.size());
      sink.shutdown();

      // Not vacuous: the stream and its redacted secrets did arrive, as raw AMQP frames.
      // The LLM and MCP streams too, recorded from bytes whose content is canaries.
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> assertThat(peer.payloads()).anyMatch(p -> p.contains(CanaryRecords.LLM_MODEL)));
      CanaryChecks.assertArrivedWithoutSecrets(peer.payloads());
    }
  }
}
