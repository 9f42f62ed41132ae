package dev.ssewatch.dashboards;

import static org.awaitility.Awaitility.await;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.telemetry.TelemetrySink;
import dev.ssewatch.exporters.azuremonitor.AzureMonitorSinkProvider;
import dev.ssewatch.exporters.azuremonitor.receiver.IngestionEndpoint;
import dev.ssewatch.exporters.otel.SseMetricNames;
import dev.ssewatch.exporters.otel.SseTelemetryMapping;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The names the exporters really emit, captured by running their code on {@link SampleTelemetry}:
 * the Azure Monitor sink against a local ingestion endpoint, and the shared mapping against an
 * in-memory metric reader for the Prometheus view of the OTLP path.
 */
final class EmittedNames {

  private EmittedNames() {}

  /** What one Application Insights table received: item names and custom dimension keys. */
  record Table(Set<String> names, Set<String> dimensions) {}

  /**
   * Application Insights, by table name ({@code requests}, {@code customMetrics}, …), with
   * per-event export on so that {@code traces} is filled too.
   */
  static Map<String, Table> applicationInsights() {
    try (IngestionEndpoint endpoint = IngestionEndpoint.start()) {
      TelemetrySink sink =
          new AzureMonitorSinkProvider()
              .create(
                  Settings.of(
                      Map.of(
                          "ssewatch.azure-monitor.connection-string",
                          endpoint.connectionString(),
                          "ssewatch.azure-monitor.events",
                          "true",
                          "ssewatch.azure-monitor.long-stream-threshold",
                          "1s",
                          "ssewatch.azure-monitor.shutdown-timeout",
                          "10s")));
      sink.export(SampleTelemetry.records());
      sink.shutdown();
      Map<String, String> tables =
          Map.of(
              "RequestData", "requests",
              "RemoteDependencyData", "dependencies",
              "MetricData", "customMetrics",
              "EventData", "customEvents",
              "MessageData", "traces");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  endpoint.items("RequestData").size() >= SampleTelemetry.STREAMS
                      && endpoint.items("RemoteDependencyData").size()
                          >= SampleTelemetry.PROXIED_STREAMS
                      && endpoint.items("EventData").size() >= SampleTelemetry.ALERTS
                      && endpoint.items("MessageData").size() >= SampleTelemetry.EVENTS
                      && metricNames(endpoint.items("MetricData"))
                          .containsAll(
                              List.of(SseMetricNames.ALERTS, SseMetricNames.TELEMETRY_DROPPED)));
      Map<String, Table> out = new TreeMap<>();
      tables.forEach(
          (baseType, table) -> {
            List<Map<String, Object>> items = endpoint.items(baseType);
            Set<String> names =
                baseType.equals("MetricData") ? metricNames(items) : itemNames(items);
            out.put(table, new Table(names, dimensionKeys(items)));
          });
      return out;
    }
  }

  /** A metric as the OpenTelemetry SDK hands it to an OTLP exporter. */
  record Metric(String name, String unit, PrometheusNames.Kind kind, Set<String> attributes) {}

  /** Every SSE metric of the shared mapping, with the attribute keys its points carry. */
  static List<Metric> otlpMetrics() {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    try (OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build())
            .build()) {
      SseTelemetryMapping mapping = SseTelemetryMapping.builder(sdk).build();
      SampleTelemetry.records().forEach(mapping::record);
      List<Metric> out = new ArrayList<>();
      for (MetricData m : reader.collectAllMetrics()) {
        Set<String> keys = new TreeSet<>();
        Collection<? extends PointData> points = m.getData().getPoints();
        points.forEach(p -> p.getAttributes().forEach((k, v) -> keys.add(k.getKey())));
        out.add(new Metric(m.getName(), m.getUnit(), PrometheusNames.kindOf(m), keys));
      }
      return out;
    }
  }

  @SuppressWarnings("unchecked")
  private static Set<String> metricNames(List<Map<String, Object>> items) {
    Set<String> names = new TreeSet<>();
    for (Map<String, Object> item : items) {
      for (Map<String, Object> m : (List<Map<String, Object>>) item.get("metrics")) {
        names.add(String.valueOf(m.get("name")));
      }
    }
    return names;
  }

  private static Set<String> itemNames(List<Map<String, Object>> items) {
    Set<String> names = new TreeSet<>();
    items.forEach(i -> names.add(String.valueOf(i.get("name"))));
    return names;
  }

  @SuppressWarnings("unchecked")
  private static Set<String> dimensionKeys(List<Map<String, Object>> items) {
    Set<String> keys = new TreeSet<>();
    for (Map<String, Object> item : items) {
      Object props = item.get("properties");
      if (props instanceof Map<?, ?> map) {
        keys.addAll(((Map<String, Object>) map).keySet());
      }
    }
    return keys;
  }
}
