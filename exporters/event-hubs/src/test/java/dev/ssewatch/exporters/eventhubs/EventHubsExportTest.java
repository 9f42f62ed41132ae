package dev.ssewatch.exporters.eventhubs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.risk.Alert;
import dev.ssewatch.core.risk.AlertKind;
import dev.ssewatch.core.risk.Severity;
import dev.ssewatch.core.telemetry.AlertSummary;
import dev.ssewatch.core.telemetry.JsonLines;
import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.telemetry.TelemetryRecord;
import dev.ssewatch.exporters.eventhubs.receiver.AmqpEventHubPeer;
import dev.ssewatch.exporters.eventhubs.receiver.ReceivedEvent;
import dev.ssewatch.exporters.otel.receiver.SampleStreams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventHubsExportTest {

  private final AmqpEventHubPeer peer = AmqpEventHubPeer.start("telemetry");

  @AfterEach
  void stop() {
    peer.close();
  }

  EventHubsSink sink(String... extra) {
    Map<String, String> values = new HashMap<>();
    values.put("ssewatch.event-hubs.connection-string", peer.connectionString());
    values.put("ssewatch.event-hubs.timeout", "5s");
    values.put("ssewatch.event-hubs.retry-delay", "100ms");
    for (int i = 0; i < extra.length; i += 2) {
      values.put(extra[i], extra[i + 1]);
    }
    return (EventHubsSink) new EventHubsSinkProvider().create(Settings.of(values));
  }

  @Test
  void eachRecordArrivesAsOneJsonLinesDocumentKeyedByStream() {
    EventHubsSink sink = sink();
    List<TelemetryRecord> a = SampleStreams.stream("stream-a", StreamSource.AGENT, 3);
    List<TelemetryRecord> b = SampleStreams.stream("stream-b", StreamSource.PROXY, 2);
    List<TelemetryRecord> all = new ArrayList<>(a);
    all.addAll(b);
    sink.export(all);
    sink.flush();

    await()
        .atMost(Duration.ofSeconds(20))
        .alias("events received; sink sent/failed " + sink.sent() + "/" + sink.failed())
        .until(() -> peer.events().size() == all.size());
    assertThat(peer.tokenRequests()).isPositive();
    assertThat(sink.sent()).isEqualTo(all.size());
    assertThat(sink.failed()).isZero();
    List<ReceivedEvent> ofA =
        peer.events().stream().filter(e -> "stream-a".equals(e.partitionKey())).toList();
    assertThat(ofA)
        .extracting(ReceivedEvent::bodyText)
        .containsExactlyElementsOf(a.stream().map(JsonLines::toJson).toList());
    assertThat(ofA)
        .extracting(e -> e.properties().get("ssewatch.record"))
        .containsExactlyElementsOf(a.stream().map(TelemetryRecord::recordType).toList());
    assertThat(peer.events())
        .allSatisfy(
            e -> {
              assertThat(e.properties()).containsEntry("ssewatch.schema", JsonLines.SCHEMA_VERSION);
              assertThat(e.contentType()).isEqualTo("application/json");
            });
    assertThat(peer.events().stream().filter(e -> "stream-b".equals(e.partitionKey())))
        .hasSize(b.size());
    sink.shutdown();
  }

  @Test
  void anAlertSummaryArrivesAsItsJsonLinesDocumentWithoutAPartitionKey() {
    EventHubsSink sink = sink();
    AlertSummary summary =
        new AlertSummary(
            1_795_000_000_123L,
            StreamSource.PROXY,
            "/chat",
            new Alert(AlertKind.BUFFERING, "cache_control", Severity.INFO, "none", "advice"),
            998,
            "s-2",
            1_794_999_701_123L,
            "s-999",
            1_794_999_999_123L,
            300_000_000_000L);
    sink.export(List.of(summary));
    sink.flush();

    await()
        .atMost(Duration.ofSeconds(20))
        .alias("events received; sink sent/failed " + sink.sent() + "/" + sink.failed())
        .until(() -> peer.events().size() == 1);
    ReceivedEvent e = peer.events().get(0);
    assertThat(e.bodyText()).isEqualTo(JsonLines.toJson(summary)).contains("\"count\":998");
    assertThat(e.properties()).containsEntry("ssewatch.record", "alert_summary");
    assertThat(e.partitionKey()).as("it belongs to no single stream").isNull();
    sink.shutdown();
  }
}
