package dev.ssewatch.exporters.eventhubs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.telemetry.ExporterHealth;
import dev.ssewatch.core.telemetry.ExporterHealth.Reason;
import dev.ssewatch.core.telemetry.ExporterHealth.State;
import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.telemetry.TelemetryRecord;
import dev.ssewatch.exporters.eventhubs.receiver.AmqpEventHubPeer;
import dev.ssewatch.exporters.otel.receiver.HealthLog;
import dev.ssewatch.exporters.otel.receiver.SampleStreams;
import dev.ssewatch.exporters.otel.receiver.StalledEndpoint;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Against a hub that refuses the token, a closed port and a peer that never answers, the Event Hubs
 * exporter says what is wrong within seconds of the first failure (not after the retry budget),
 * counts the failed records by reason, and never logs the connection string's key.
 */
class EventHubsHealthTest {

  /** The key in every connection string here; it must never reach a log line. */
  private static final String KEY = "dGVzdC1rZXk=";

  /** Far above one attempt (1 s here), even on a loaded machine. */
  private static final Duration SECONDS = Duration.ofSeconds(10);

  private static EventHubsSink sink(String connectionString) {
    return (EventHubsSink)
        new EventHubsSinkProvider()
            .create(
                Settings.of(
                    Map.of(
                        "ssewatch.event-hubs.connection-string", connectionString,
                        "ssewatch.event-hubs.timeout", "1s",
                        "ssewatch.event-hubs.max-retries", "2",
                        "ssewatch.event-hubs.retry-delay", "100ms")));
  }

  private static String connectionString(int port) {
    return "Endpoint=sb://127.0.0.1:"
        + port
        + ";SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey="
        + KEY
        + ";UseDevelopmentEmulator=true;EntityPath=telemetry";
  }

  @Test
  void aRefusedTokenIsRefusedAtOnceWithWhatToCheck() {
    try (HealthLog log = HealthLog.capture();
        AmqpEventHubPeer peer = AmqpEventHubPeer.start("telemetry")) {
      peer.refuseTokens(true);
      EventHubsSink sink = sink(peer.connectionString());
      ExporterHealth health = sink.health().orElseThrow();
      List<TelemetryRecord> records = SampleStreams.stream("s-1", StreamSource.AGENT, 2);
      try {
        sink.export(records);

        await().atMost(SECONDS).until(() -> health.state() == State.REFUSED);
        assertThat(log.lines().get(0))
            .isEqualTo(
                "WARNING ssewatch: Event Hubs refused the token for hub `telemetry` (401"
                    + " Unauthorized): check the connection string's key"
                    + " (ssewatch.event-hubs.connection-string)");
        await().atMost(SECONDS).until(() -> health.failed(Reason.REFUSED) == records.size());
        assertThat(health.sent()).isZero();
        // Not retried: a refused token does not get better by waiting. (The client may ask twice
        // within its one attempt, for the connection and for the link; never again after that.)
        long afterRefusal = peer.tokenRequests();
        assertThat(afterRefusal).isBetween(1L, 2L);
        await()
            .during(Duration.ofSeconds(3))
            .atMost(Duration.ofSeconds(30))
            .until(() -> peer.tokenRequests() == afterRefusal);
        assertThat(log.text()).doesNotContain(KEY);
      } finally {
        sink.shutdown();
      }
    }
  }

  @Test
  void aClosedPortIsUnreachableAtTheFirstAttempt() {
    int port = StalledEndpoint.unreachablePort();
    try (HealthLog log = HealthLog.capture()) {
      EventHubsSink sink = sink(connectionString(port));
      ExporterHealth health = sink.health().orElseThrow();
      List<TelemetryRecord> records = SampleStreams.stream("s-1", StreamSource.PROXY, 2);
      try {
        sink.export(records);

        await().atMost(SECONDS).until(() -> !log.lines().isEmpty());
        assertThat(log.lines().get(0))
            .startsWith("WARNING ssewatch: Event Hubs namespace 127.0.0.1")
            .contains("unreachable")
            .endsWith("records are retried, then counted as failed while it is down");
        assertThat(health.state()).isEqualTo(State.RETRYING);
        await().atMost(SECONDS).until(() -> health.failed(Reason.UNREACHABLE) == records.size());
        assertThat(log.text()).doesNotContain(KEY);
      } finally {
        sink.shutdown();
      }
    }
  }

  @Test
  void aStalledPeerTimesOutAndTheNextStreamsOfTheRoundFailAtOnce() {
    try (HealthLog log = HealthLog.capture();
        StalledEndpoint stalled = StalledEndpoint.start()) {
      EventHubsSink sink = sink(connectionString(stalled.port()));
      ExporterHealth health = sink.health().orElseThrow();
      List<TelemetryRecord> records = new java.util.ArrayList<>();
      for (int i = 0; i < 20; i++) {
        records.addAll(SampleStreams.stream("s-" + i, StreamSource.PROXY, 2));
      }
      try {
        sink.export(records);

        await().atMost(SECONDS).until(() -> health.state() != State.OK);
        assertThat(log.lines().get(0))
            .startsWith("WARNING ssewatch: Event Hubs namespace 127.0.0.1")
            .contains("did not answer");
        // Three attempts of about 2 s for the first stream; the other 19 streams at once.
        await().atMost(Duration.ofSeconds(30)).until(() -> health.failed() == records.size());
        assertThat(health.failed(Reason.TIMEOUT) + health.failed(Reason.UNREACHABLE))
            .isEqualTo(records.size());
        assertThat(log.text()).doesNotContain(KEY);
      } finally {
        sink.shutdown();
      }
    }
  }

  @Test
  void aHubThatAnswersAgainIsOkAndTheLineCountsTheLoss() {
    try (HealthLog log = HealthLog.capture();
        AmqpEventHubPeer peer = AmqpEventHubPeer.start("telemetry")) {
      peer.refuseTokens(true);
      EventHubsSink sink = sink(peer.connectionString());
      ExporterHealth health = sink.health().orElseThrow();
      try {
        sink.export(SampleStreams.stream("s-1", StreamSource.AGENT, 2));
        await().atMost(SECONDS).until(() -> health.state() == State.REFUSED);

        peer.refuseTokens(false);
        // The client may first have to drop the connection the refusal left behind: keep sending.
        java.util.concurrent.atomic.AtomicInteger n =
            new java.util.concurrent.atomic.AtomicInteger();
        await()
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(500))
            .until(
                () -> {
                  sink.export(
                      SampleStreams.stream("s-" + n.incrementAndGet(), StreamSource.AGENT, 1));
                  return health.state() == State.OK;
                });
        assertThat(log.lines())
            .last()
            .asString()
            .startsWith("INFO ssewatch: Event Hubs hub `telemetry` is back: ")
            .endsWith(" records failed or dropped while it was down");
        assertThat(health.sent()).isPositive();
      } finally {
        sink.shutdown();
      }
    }
  }

  @Test
  void shutdownClosesTheConnectionAndCountsWhatWasLeft() {
    try (AmqpEventHubPeer peer = AmqpEventHubPeer.start("telemetry")) {
      EventHubsSink sink = sink(peer.connectionString());
      List<TelemetryRecord> records = SampleStreams.stream("s-1", StreamSource.AGENT, 2);
      sink.export(records);
      await().atMost(SECONDS).until(() -> peer.events().size() == records.size());
      assertThat(peer.openConnections()).isEqualTo(1);

      sink.shutdown();

      await().atMost(SECONDS).until(() -> peer.openConnections() == 0);
      sink.export(records);
      ExporterHealth health = sink.health().orElseThrow();
      assertThat(health.sent()).isEqualTo(records.size());
      assertThat(health.dropped(Reason.SHUTDOWN)).isEqualTo(records.size());
    }
  }
}
