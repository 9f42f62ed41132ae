package dev.ssewatch.exporters.azuremonitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.config.SettingsException;
import dev.ssewatch.core.risk.Alert;
import dev.ssewatch.core.risk.AlertKind;
import dev.ssewatch.core.risk.Severity;
import dev.ssewatch.core.telemetry.AlertSummary;
import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.telemetry.TelemetrySink;
import dev.ssewatch.exporters.azuremonitor.receiver.IngestionEndpoint;
import dev.ssewatch.exporters.otel.receiver.SampleStreams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AzureMonitorExportTest {

  private final IngestionEndpoint endpoint = IngestionEndpoint.start();

  @AfterEach
  void stop() {
    endpoint.close();
  }

  private TelemetrySink sink(String... extra) {
    Map<String, String> values = new HashMap<>();
    values.put("ssewatch.azure-monitor.connection-string", endpoint.connectionString());
    values.put("ssewatch.azure-monitor.shutdown-timeout", "10s");
    for (int i = 0; i < extra.length; i += 2) {
      values.put(extra[i], extra[i + 1]);
    }
    return new AzureMonitorSinkProvider().create(Settings.of(values));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> props(Map<String, Object> baseData) {
    return (Map<String, Object>) baseData.get("properties");
  }

  @Test
  void agentStreamIsARequestWithAlertsAsCustomEventsAndMetricsAsCustomMetrics() {
    TelemetrySink sink = sink();
    sink.export(SampleStreams.stream("s-1", StreamSource.AGENT, 3));
    sink.shutdown();

    await().atMost(Duration.ofSeconds(20)).until(() -> !endpoint.items("RequestData").isEmpty());
    Map<String, Object> request = endpoint.items("RequestData").get(0);
    assertThat(request.get("name")).isEqualTo("GET /events");
    assertThat(request.get("responseCode")).isEqualTo("200");
    assertThat(props(request))
        .containsEntry("sse.stream.id", "s-1")
        .containsEntry("sse.events", "3");
    assertThat(props(request)).doesNotContainKey("sse.long_stream");
    assertThat(endpoint.items("RemoteDependencyData")).isEmpty();

    await().atMost(Duration.ofSeconds(20)).until(() -> !endpoint.items("EventData").isEmpty());
    Map<String, Object> alert = endpoint.items("EventData").get(0);
    assertThat(alert.get("name")).isEqualTo("sse.alert");
    assertThat(props(alert))
        .containsEntry("sse.alert.kind", "idle_timeout_risk")
        // Custom events lose the log record's body: evidence and route come as dimensions.
        .containsEntry("sse.alert.evidence", SampleStreams.ALERT_EVIDENCE)
        .containsEntry("sse.route", "/events")
        .doesNotContainKey("http.route");

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                endpoint.items("MetricData").stream()
                    .anyMatch(m -> m.toString().contains("name=sse.events")));
    // Per-event export is off by default: Application Insights bills by volume.
    assertThat(endpoint.items("MessageData"))
        .noneMatch(m -> String.valueOf(props(m)).contains("sse.event.seq"));
  }

  @Test
  void anAlertSummaryIsACustomEventOfItsOwnWithTheCountAndTheFirstAndLastStream() {
    TelemetrySink sink = sink();
    sink.export(
        List.of(
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
                300_000_000_000L)));
    sink.shutdown();

    await().atMost(Duration.ofSeconds(20)).until(() -> !endpoint.items("EventData").isEmpty());
    Map<String, Object> summary = endpoint.items("EventData").get(0);
    assertThat(summary.get("name")).isEqualTo("sse.alert_summary");
    assertThat(props(summary))
        .containsEntry("sse.alert.rule", "cache_control")
        .containsEntry("sse.alert.severity", "info")
        .containsEntry("sse.alert.count", "998")
        .containsEntry("sse.alert.first_stream_id", "s-2")
        .containsEntry("sse.alert.last_stream_id", "s-999")
        .containsEntry("sse.route", "/chat");
  }

  @Test
  void proxiedStreamIsARequestPlusABackendDependency() {
    TelemetrySink sink = sink("ssewatch.azure-monitor.long-stream-threshold", "1s");
    sink.export(SampleStreams.stream("p-1", StreamSource.PROXY, 2));
    sink.shutdown();

    await().atMost(Duration.ofSeconds(20)).until(() -> !endpoint.items("RequestData").isEmpty());
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> !endpoint.items("RemoteDependencyData").isEmpty());
    assertThat(props(endpoint.items("RequestData").get(0)))
        .containsEntry("sse.long_stream", "true");
  }

  @Test
  void perEventRecordsAreExportedOnlyWhenEnabled() {
    TelemetrySink sink = sink("ssewatch.azure-monitor.events", "true");
    sink.export(SampleStreams.stream("e-1", StreamSource.AGENT, 3));
    sink.shutdown();

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                endpoint.items("MessageData").stream()
                        .filter(m -> String.valueOf(props(m)).contains("sse.event.seq"))
                        .count()
                    == 3);
  }

  @Test
  void failedBatchesSpoolWhereTheUserSays(@TempDir Path spool) throws Exception {
    endpoint.respondWith(503);
    TelemetrySink sink = sink("ssewatch.azure-monitor.spool-dir", spool.toString());
    sink.export(SampleStreams.stream("f-1", StreamSource.AGENT, 1));
    sink.flush();

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              try (Stream<Path> files = Files.walk(spool)) {
                return files.anyMatch(Files::isRegularFile);
              }
            });
    sink.shutdown();
  }

  @Test
  void hostOpenTelemetrySettingsDoNotDivertTheTelemetry() {
    // In the agent, OTEL_* settings belong to the application: here they point elsewhere.
    System.setProperty("otel.traces.exporter", "otlp");
    System.setProperty("otel.logs.exporter", "none");
    System.setProperty("otel.traces.sampler", "always_off");
    try {
      TelemetrySink sink = sink();
      sink.export(SampleStreams.stream("h-1", StreamSource.AGENT, 1));
      sink.shutdown();
    } finally {
      System.clearProperty("otel.traces.exporter");
      System.clearProperty("otel.logs.exporter");
      System.clearProperty("otel.traces.sampler");
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> !endpoint.items("RequestData").isEmpty());
    await().atMost(Duration.ofSeconds(20)).until(() -> !endpoint.items("EventData").isEmpty());
  }

  @Test
  void missingConnectionStringNamesTheKeyWithoutEchoingValues() {
    assertThat(
            org.assertj.core.api.Assertions.catchThrowableOfType(
                SettingsException.class,
                () -> new AzureMonitorSinkProvider().create(Settings.of(Map.of()))))
        .extracting(SettingsException::key)
        .isEqualTo("ssewatch.azure-monitor.connection-string");
    SettingsException bad =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            SettingsException.class,
            () ->
                new AzureMonitorSinkProvider()
                    .create(
                        Settings.of(
                            Map.of(
                                "ssewatch.azure-monitor.connection-string", "secret-value-123"))));
    assertThat(bad.getMessage()).doesNotContain("secret-value-123");
    assertThat(List.of(bad.key())).containsExactly("ssewatch.azure-monitor.connection-string");
  }
}
