package dev.ssewatch.exporters.otel.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssewatch.exporters.otel.OtelSink;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What every exporter behind an {@code ExportBreaker} owes a real endpoint that refuses connections
 * or rejects every export: after a few failed exports it sends only one probe per pause, drops and
 * counts the rest, and resumes once the endpoint answers. Each exporter's test supplies its sink
 * and its endpoint.
 */
public abstract class BreakerContract {

  /** Three failures to open, then pauses of at least 0.5 s, 1 s, 2 s: two probes fit in 3 s. */
  protected static final int MAX_ATTEMPTS_IN_THREE_SECONDS_WHILE_OPEN = 3;

  protected final Feeder feeder = new Feeder(20, 20);

  /** The exporter's sink sending to {@code baseUrl} ({@code http://127.0.0.1:port}). */
  protected abstract OtelSink sink(String baseUrl);

  /** A started endpoint of the exporter's own protocol. */
  protected abstract RejectingEndpoint endpoint();

  /** Requests one probe may make: the SDK retries some statuses within one export. */
  protected int requestsPerProbe(int status) {
    return 1;
  }

  @Test
  void aClosedPortGetsABoundedNumberOfExportAttempts() {
    OtelSink sink = sink("http://127.0.0.1:" + StalledEndpoint.unreachablePort());
    assertBoundedAttemptsWhileOpen(sink);
  }

  @Test
  void aRejectingEndpointIsProbedSparinglyAndExportsResumeWhenItAccepts() {
    assertProbedSparinglyAndResumes(503);
  }

  /** Opens the breaker against {@code sink}'s dead endpoint, then counts attempts for 3 s. */
  protected final void assertBoundedAttemptsWhileOpen(OtelSink sink) {
    try {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> feeder.feed(sink) && sink.breaker().isOpen());
      long attemptsWhenOpened = sink.breaker().attempts();
      long droppedWhenOpened = sink.breaker().dropped();

      // At this rate a closed breaker would try dozens of exports a second.
      await()
          .pollInterval(Duration.ofMillis(20))
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(30))
          .until(() -> feeder.feed(sink));

      assertThat(sink.breaker().attempts() - attemptsWhenOpened)
          .isLessThanOrEqualTo(MAX_ATTEMPTS_IN_THREE_SECONDS_WHILE_OPEN);
      assertThat(sink.breaker().dropped()).isGreaterThan(droppedWhenOpened);
    } finally {
      sink.shutdown();
    }
  }

  /** An endpoint answering {@code status} is probed sparingly; exports resume when it accepts. */
  protected final void assertProbedSparinglyAndResumes(int status) {
    try (RejectingEndpoint endpoint = endpoint()) {
      endpoint.respondWith(status);
      OtelSink sink = sink(endpoint.baseUrl());
      try {
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> feeder.feed(sink) && sink.breaker().isOpen());
        int requestsWhenOpened = endpoint.requests();

        await()
            .pollInterval(Duration.ofMillis(20))
            .during(Duration.ofSeconds(3))
            .atMost(Duration.ofSeconds(30))
            .until(() -> feeder.feed(sink));
        assertThat(endpoint.requests() - requestsWhenOpened)
            .isLessThanOrEqualTo(
                MAX_ATTEMPTS_IN_THREE_SECONDS_WHILE_OPEN * requestsPerProbe(status));

        endpoint.respondWith(200);
        int deliveredBefore = endpoint.streamsDelivered();
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> feeder.feed(sink) && !sink.breaker().isOpen());
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> feeder.feed(sink) && endpoint.streamsDelivered() > deliveredBefore);
      } finally {
        sink.shutdown();
      }
    }
  }
}
