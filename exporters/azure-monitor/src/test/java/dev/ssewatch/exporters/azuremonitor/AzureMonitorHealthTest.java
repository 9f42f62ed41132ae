package dev.ssewatch.exporters.azuremonitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssewatch.core.telemetry.ExporterHealth;
import dev.ssewatch.core.telemetry.ExporterHealth.Reason;
import dev.ssewatch.core.telemetry.ExporterHealth.State;
import dev.ssewatch.exporters.azuremonitor.receiver.IngestionEndpoint;
import dev.ssewatch.exporters.otel.OtelSink;
import dev.ssewatch.exporters.otel.receiver.Feeder;
import dev.ssewatch.exporters.otel.receiver.HealthLog;
import dev.ssewatch.exporters.otel.receiver.StalledEndpoint;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Against a refusing, a throttling, an unreachable and a stalled ingestion endpoint, the
 * Application Insights exporter's health leaves ok within seconds, with a line naming the endpoint
 * and the cause, never the key nor the service's message. A refused key or credential is {@code
 * refused}; throttling and server errors are {@code retrying}, then {@code paused}.
 */
class AzureMonitorHealthTest {

  private static final String KEY = "00000000-0000-0000-0000-00000000beef";
  private static final Duration SECONDS = Duration.ofSeconds(10);

  private final Feeder feeder = new Feeder(5, 5);

  @Test
  void anUnknownInstrumentationKeyIsRefusedWithItsCause() {
    try (HealthLog log = HealthLog.capture();
        IngestionEndpoint ingestion = IngestionEndpoint.start()) {
      ingestion.respondWith(400, IngestionResponses.INVALID_KEY_MESSAGE);
      OtelSink sink = sink(connectionString("http://127.0.0.1:" + ingestion.port() + "/"));
      ExporterHealth health = sink.health().orElseThrow();
      try {
        await().atMost(SECONDS).until(() -> feed(sink) && health.state() != State.OK);
        assertThat(health.state()).isEqualTo(State.REFUSED);
        assertThat(first(log, ingestion.port()))
            .isEqualTo(
                "WARNING ssewatch: Application Insights ingestion endpoint http://127.0.0.1:"
                    + ingestion.port()
                    + "/ refused the export (HTTP 400 Bad Request: invalid instrumentation key):"
                    + " check the connection string's InstrumentationKey"
                    + " (ssewatch.azure-monitor.connection-string): copy the connection string"
                    + " again from the Application Insights resource");
        assertThat(health.cause())
            .isEqualTo(first(log, ingestion.port()).substring("WARNING ssewatch: ".length()));
        // The breaker opens after three failures; the state stays refused, and says so once.
        await().atMost(Duration.ofSeconds(30)).until(() -> feed(sink) && sink.breaker().isOpen());
        assertThat(health.state()).isEqualTo(State.REFUSED);
        assertThat(lines(log, ingestion.port())).hasSize(1);
        // Metric exports (every 100 ms here) fail first and carry no records; the spans and log
        // records that come later are skipped while the breaker is open.
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> feed(sink) && health.dropped(Reason.BREAKER_OPEN) > 0);
        assertThat(health.failed() - health.failed(Reason.REFUSED)).isZero();
        assertThat(health.sent()).isZero();
        assertThat(log.text()).doesNotContain(KEY);
      } finally {
        sink.shutdown();
      }
    }
  }

  @ParameterizedTest
  @CsvSource({
    "401, 'HTTP 401 Unauthorized: Microsoft Entra ID authentication required): the resource"
        + " accepts only Microsoft Entra ID authentication'",
    "403, 'HTTP 403 Forbidden): the resource refuses this key'"
  })
  void aRefusedCredentialIsRefusedWithItsCause(int status, String cause) {
    try (HealthLog log = HealthLog.capture();
        IngestionEndpoint ingestion = IngestionEndpoint.start()) {
      ingestion.respondWith(status);
      OtelSink sink = sink(connectionString("http://127.0.0.1:" + ingestion.port() + "/"));
      ExporterHealth health = sink.health().orElseThrow();
      try {
        await().atMost(SECONDS).until(() -> feed(sink) && health.state() != State.OK);
        assertThat(health.state()).isEqualTo(State.REFUSED);
        assertThat(first(log, ingestion.port()))
            .startsWith(
                "WARNING ssewatch: Application Insights ingestion endpoint http://127.0.0.1:"
                    + ingestion.port()
                    + "/ refused the export (")
            .contains(cause);
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> feed(sink) && health.failed() + health.dropped() > 0);
        assertThat(health.failed() - health.failed(Reason.REFUSED)).isZero();
        assertThat(health.state()).isEqualTo(State.REFUSED);
        assertThat(health.sent()).isZero();
        assertThat(log.text()).doesNotContain(KEY);
      } finally {
        sink.shutdown();
      }
    }
  }

  /** Throttling, the daily cap and server errors pass: retrying, then paused, never refused. */
  @ParameterizedTest
  @CsvSource({
    "429, 'HTTP 429 Too Many Requests: throttled'",
    "439, 'HTTP 439: daily quota exceeded'",
    "500, 'HTTP 500 Internal Server Error'",
    "503, 'HTTP 503 Service Unavailable'"
  })
  void aThrottlingOrFailingEndpointIsRetryingNotRefused(int status, String detail) {
    try (HealthLog log = HealthLog.capture();
        IngestionEndpoint ingestion = IngestionEndpoint.start()) {
      ingestion.respondWith(status);
      OtelSink sink = sink(connectionString("http://127.0.0.1:" + ingestion.port() + "/"));
      ExporterHealth health = sink.health().orElseThrow();
      try {
        await().atMost(SECONDS).until(() -> feed(sink) && health.state() != State.OK);
        assertThat(health.state()).isIn(State.RETRYING, State.PAUSED);
        assertThat(first(log, ingestion.port()))
            .startsWith(
                "WARNING ssewatch: Application Insights ingestion endpoint http://127.0.0.1:"
                    + ingestion.port()
                    + "/ failed an export ("
                    + detail
                    + "): ");
        await().atMost(SECONDS).until(() -> feed(sink) && health.state() == State.PAUSED);
        assertThat(health.cause()).contains("(last: " + detail + ")");
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> feed(sink) && health.failed() + health.dropped() > 0);
        assertThat(health.failed(Reason.REFUSED)).isZero();
        assertThat(health.sent()).isZero();
        assertThat(log.text()).doesNotContain("refused");
      } finally {
        sink.shutdown();
      }
    }
  }

  /** The service's error messages quote the telemetry it rejected: never one of them in a line. */
  @Test
  void aRejectedBatchIsNamedWithoutTheServicesMessage() {
    String canary = "CANARY-7f3e-rejected-field-value";
    try (HealthLog log = HealthLog.capture();
        IngestionEndpoint ingestion = IngestionEndpoint.start()) {
      ingestion.respondWith(
          400, "Field 'name' on type 'RequestData' is too long. Actual: '" + canary + "'");
      OtelSink sink = sink(connectionString("http://127.0.0.1:" + ingestion.port() + "/"));
      ExporterHealth health = sink.health().orElseThrow();
      try {
        await().atMost(SECONDS).until(() -> feed(sink) && health.state() != State.OK);
        assertThat(first(log, ingestion.port()))
            .endsWith(
                "failed an export (HTTP 400 Bad Request: the service rejected the batch): not"
                    + " retried");
        assertThat(health.state()).isNotEqualTo(State.REFUSED);
        assertThat(log.text()).doesNotContain(canary);
        assertThat(health.cause()).doesNotContain(canary);
      } finally {
        sink.shutdown();
      }
    }
  }

  @Test
  void anUnreachableIngestionEndpoint() {
    int port = StalledEndpoint.unreachablePort();
    String base = "http://127.0.0.1:" + port + "/";
    try (HealthLog log = HealthLog.capture()) {
      OtelSink sink = sink(connectionString(base));
      ExporterHealth health = sink.health().orElseThrow();
      try {
        await().atMost(SECONDS).until(() -> feed(sink) && health.state() != State.OK);
        assertThat(first(log, port))
            .isEqualTo(
                "WARNING ssewatch: Application Insights ingestion endpoint "
                    + base
                    + " unreachable (connection refused): records are dropped while it is down");
        await().atMost(SECONDS).until(() -> feed(sink) && health.state() == State.PAUSED);
        assertThat(health.cause()).contains("3 exports in a row failed");
        assertThat(log.text()).doesNotContain(KEY);
      } finally {
        sink.shutdown();
      }
    }
  }

  @Test
  void aStalledIngestionEndpoint() {
    try (HealthLog log = HealthLog.capture();
        StalledEndpoint stalled = StalledEndpoint.start()) {
      String base = "http://127.0.0.1:" + stalled.port() + "/";
      OtelSink sink = sink(connectionString(base));
      ExporterHealth health = sink.health().orElseThrow();
      try {
        await()
            .atMost(Duration.ofSeconds(90))
            .until(() -> feed(sink) && health.state() != State.OK);
        assertThat(first(log, stalled.port()))
            .isEqualTo(
                "WARNING ssewatch: Application Insights ingestion endpoint "
                    + base
                    + " did not answer in time (no answer within the timeout): records are dropped"
                    + " while it is stalled");
        assertThat(log.text()).doesNotContain(KEY);
      } finally {
        sink.shutdown();
      }
    }
  }

  /**
   * The lines about the endpoint on {@code port}: a sink of an earlier test may still be finishing
   * an export, and its lines name its own endpoint.
   */
  private static List<String> lines(HealthLog log, int port) {
    return log.lines().stream().filter(l -> l.contains("127.0.0.1:" + port + "/")).toList();
  }

  private static String first(HealthLog log, int port) {
    List<String> mine = lines(log, port);
    assertThat(mine).as(log.text()).isNotEmpty();
    return mine.get(0);
  }

  private static String connectionString(String base) {
    return "InstrumentationKey=" + KEY + ";IngestionEndpoint=" + base + ";LiveEndpoint=" + base;
  }

  private static OtelSink sink(String connectionString) {
    return AzureMonitorBreakerTest.sinkWith(connectionString);
  }

  private boolean feed(OtelSink sink) {
    return feeder.feed(sink);
  }
}
