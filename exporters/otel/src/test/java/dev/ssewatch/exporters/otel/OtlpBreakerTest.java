package dev.ssewatch.exporters.otel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.telemetry.TelemetryRecord;
import dev.ssewatch.exporters.otel.receiver.OtlpHttpReceiver;
import dev.ssewatch.exporters.otel.receiver.SampleStreams;
import dev.ssewatch.exporters.otel.receiver.StalledEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Against a real collector that refuses connections or rejects every export, the sink stops
 * knocking: after a few failed exports it sends only one probe per pause, drops and counts the
 * rest, and resumes once the collector answers.
 */
class OtlpBreakerTest {

  /** Three failures to open, then pauses of at least 0.5 s, 1 s, 2 s: two probes fit in 3 s. */
  private static final int MAX_ATTEMPTS_IN_THREE_SECONDS_WHILE_OPEN = 3;

  private final AtomicInteger streams = new AtomicInteger();

  @ParameterizedTest
  @ValueSource(strings = {"http/protobuf", "grpc"})
  void aClosedPortGetsABoundedNumberOfExportAttempts(String protocol) {
    OtelSink sink = sink("http://127.0.0.1:" + StalledEndpoint.unreachablePort(), protocol);
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> feed(sink) && sink.breaker().isOpen());
      long attemptsWhenOpened = sink.breaker().attempts();
      long droppedWhenOpened = sink.breaker().dropped();

      // At this rate a closed breaker would try dozens of exports a second.
      await()
          .pollInterval(Duration.ofMillis(20))
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(30))
          .until(() -> feed(sink));

      assertThat(sink.breaker().attempts() - attemptsWhenOpened)
          .isLessThanOrEqualTo(MAX_ATTEMPTS_IN_THREE_SECONDS_WHILE_OPEN);
      assertThat(sink.breaker().dropped()).isGreaterThan(droppedWhenOpened);
    } finally {
      sink.shutdown();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 503})
  void aRejectingCollectorIsProbedSparinglyAndExportsResumeWhenItAccepts(int status) {
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.start()) {
      receiver.respondWith(status);
      OtelSink sink = sink(receiver.endpoint(), "http/protobuf");
      try {
        await().atMost(Duration.ofSeconds(30)).until(() -> feed(sink) && sink.breaker().isOpen());
        int requestsWhenOpened = receiver.payloads().size();

        await()
            .pollInterval(Duration.ofMillis(20))
            .during(Duration.ofSeconds(3))
            .atMost(Duration.ofSeconds(30))
            .until(() -> feed(sink));
        // A 503 is retried by the SDK within one export: a probe may be a few requests.
        assertThat(receiver.payloads().size() - requestsWhenOpened)
            .isLessThanOrEqualTo(MAX_ATTEMPTS_IN_THREE_SECONDS_WHILE_OPEN * 5);

        receiver.respondWith(200);
        int spansBefore = receiver.spans().size();
        await().atMost(Duration.ofSeconds(60)).until(() -> feed(sink) && !sink.breaker().isOpen());
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> feed(sink) && receiver.spans().size() > spansBefore);
      } finally {
        sink.shutdown();
      }
    }
  }

  private static OtelSink sink(String endpoint, String protocol) {
    OtlpConfig config =
        OtlpConfig.from(
            Settings.of(
                Map.of(
                    "ssewatch.otlp.endpoint", endpoint,
                    "ssewatch.otlp.protocol", protocol,
                    "ssewatch.otlp.timeout", "1s",
                    "ssewatch.otlp.queue-size", "256",
                    "ssewatch.otlp.metric-interval", "100ms")));
    return OtlpSinkProvider.create(config, null);
  }

  /** Hands the sink twenty more whole streams; always true, so it can sit in a condition. */
  private boolean feed(OtelSink sink) {
    List<TelemetryRecord> batch = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      batch.addAll(SampleStreams.stream("s-" + streams.incrementAndGet(), StreamSource.PROXY, 20));
    }
    sink.export(batch);
    return true;
  }
}
