package dev.ssewatch.exporters.azuremonitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.risk.Alert;
import dev.ssewatch.core.risk.AlertKind;
import dev.ssewatch.core.risk.Severity;
import dev.ssewatch.core.telemetry.AlertRecord;
import dev.ssewatch.core.telemetry.CloseReason;
import dev.ssewatch.core.telemetry.StreamEnd;
import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.telemetry.StreamStart;
import dev.ssewatch.core.telemetry.TelemetrySink;
import dev.ssewatch.core.trace.TraceIds;
import dev.ssewatch.exporters.azuremonitor.receiver.IngestionEndpoint;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Application Insights joins a stream, its alerts and its backend call in one operation: {@code
 * operation_Id} is the trace id the request came with, {@code operation_ParentId} the caller's span
 * (request) or the stream's span (its custom events, its dependency).
 */
class AzureMonitorTraceTest {

  static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String SPAN = "53995c3f42cd8ad8";
  static final String CALLER = "00f067aa0ba902b7";
  static final String BACKEND = "e3b0c44298fc1c14";

  private final IngestionEndpoint endpoint = IngestionEndpoint.start();

  @AfterEach
  void stop() {
    endpoint.close();
  }

  @Test
  void oneOperationIdFromTheCallersTraceparent() {
    TelemetrySink sink =
        new AzureMonitorSinkProvider()
            .create(
                Settings.of(
                    Map.of(
                        "ssewatch.azure-monitor.connection-string",
                        endpoint.connectionString(),
                        "ssewatch.azure-monitor.shutdown-timeout",
                        "10s")));
    TraceIds ids = new TraceIds(TRACE, SPAN, CALLER, BACKEND);
    sink.export(
        List.of(
            new StreamStart(
                "p-1",
                1_790_000_000_040L,
                StreamSource.PROXY,
                "GET",
                "/events",
                "/events",
                200,
                "text/event-stream",
                true,
                List.of(),
                List.of(),
                40_000_000L,
                1_790_000_000_000L,
                null,
                ids),
            new AlertRecord(
                "p-1",
                1_790_000_000_100L,
                new Alert(AlertKind.BUFFERING, "cache_control", Severity.INFO, "none", "advice"),
                StreamSource.PROXY,
                "/events",
                0x4bf92f3577b34da6L,
                0xa3ce929d0e0e4736L,
                0x53995c3f42cd8ad8L),
            new StreamEnd(
                "p-1",
                1_790_000_002_000L,
                StreamSource.PROXY,
                "GET",
                "/events",
                "/events",
                200,
                true,
                1_790_000_000_000L,
                2_000_000_000L,
                -1,
                0,
                0,
                0,
                0,
                0,
                CloseReason.COMPLETED,
                null,
                List.of("cache_control"),
                null,
                ids)));
    sink.shutdown();

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                !tagsOf("RequestData").isEmpty()
                    && !tagsOf("RemoteDependencyData").isEmpty()
                    && !tagsOf("EventData").isEmpty());
    Map<String, Object> request = tagsOf("RequestData").get(0);
    assertThat(request)
        .containsEntry("ai.operation.id", TRACE)
        .containsEntry("ai.operation.parentId", CALLER);
    assertThat(endpoint.items("RequestData").get(0)).containsEntry("id", SPAN);
    assertThat(tagsOf("RemoteDependencyData").get(0))
        .containsEntry("ai.operation.id", TRACE)
        .containsEntry("ai.operation.parentId", SPAN);
    assertThat(endpoint.items("RemoteDependencyData").get(0)).containsEntry("id", BACKEND);
    assertThat(tagsOf("EventData").get(0))
        .containsEntry("ai.operation.id", TRACE)
        .containsEntry("ai.operation.parentId", SPAN);
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> tagsOf(String baseType) {
    return endpoint.envelopes().stream()
        .filter(e -> baseType.equals(((Map<String, Object>) e.get("data")).get("baseType")))
        .map(e -> (Map<String, Object>) e.get("tags"))
        .toList();
  }
}
