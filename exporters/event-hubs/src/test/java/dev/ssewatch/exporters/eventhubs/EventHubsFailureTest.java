package dev.ssewatch.exporters.eventhubs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.telemetry.TelemetryRecord;
import dev.ssewatch.exporters.eventhubs.receiver.AmqpEventHubPeer;
import dev.ssewatch.exporters.otel.receiver.SampleStreams;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hub misbehaves; the sink counts, retries what is transient, and never throws. */
class EventHubsFailureTest {

  private final AmqpEventHubPeer peer = AmqpEventHubPeer.start("telemetry");

  @AfterEach
  void stop() {
    peer.close();
  }

  private EventHubsSink sink() {
    return (EventHubsSink)
        new EventHubsSinkProvider()
            .create(
                Settings.of(
                    Map.of(
                        "ssewatch.event-hubs.connection-string", peer.connectionString(),
                        "ssewatch.event-hubs.timeout", "3s",
                        "ssewatch.event-hubs.max-retries", "2",
                        "ssewatch.event-hubs.retry-delay", "100ms")));
  }

  @Test
  void refusedTokenFailsTheRecordsWithoutThrowing() {
    peer.refuseTokens(true);
    EventHubsSink sink = sink();
    List<TelemetryRecord> records = SampleStreams.stream("s-1", StreamSource.AGENT, 2);
    sink.export(records);

    await().atMost(Duration.ofSeconds(30)).until(() -> sink.failed() == records.size());
    assertThat(peer.tokenRequests()).isPositive();
    assertThat(peer.events()).isEmpty();
    assertThat(sink.sent()).isZero();
    sink.shutdown();
  }

  @Test
  void rejectedDeliveryIsCountedAndLaterRecordsStillGetThrough() {
    peer.rejectDeliveries(1);
    EventHubsSink sink = sink();
    List<TelemetryRecord> first = SampleStreams.stream("s-1", StreamSource.AGENT, 2);
    sink.export(first);
    await().atMost(Duration.ofSeconds(30)).until(() -> sink.failed() + sink.sent() == first.size());
    assertThat(peer.rejectedDeliveries()).isEqualTo(1);
    assertThat(sink.failed()).isPositive();

    List<TelemetryRecord> second = SampleStreams.stream("s-2", StreamSource.AGENT, 2);
    sink.export(second);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                peer.events().stream().filter(e -> "s-2".equals(e.partitionKey())).count()
                    == second.size());
    sink.shutdown();
  }

  @Test
  void linkDroppedMidSendNeitherHangsTheSinkNorStopsLaterRecords() {
    peer.dropLinkAfter(0);
    EventHubsSink sink = sink();
    List<TelemetryRecord> first = SampleStreams.stream("s-1", StreamSource.PROXY, 3);
    sink.export(first);
    // Either the client re-sent on a new link or the sink gave up within its bound: never stuck.
    await().atMost(Duration.ofSeconds(40)).until(() -> sink.sent() + sink.failed() == first.size());
    assertThat(peer.linkDrops()).isEqualTo(1);

    List<TelemetryRecord> second = SampleStreams.stream("s-2", StreamSource.PROXY, 2);
    sink.export(second);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                peer.events().stream().filter(e -> "s-2".equals(e.partitionKey())).count()
                    == second.size());
    sink.shutdown();
  }
}
