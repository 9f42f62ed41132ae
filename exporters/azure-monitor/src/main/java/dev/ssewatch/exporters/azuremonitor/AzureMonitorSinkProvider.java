package dev.ssewatch.exporters.azuremonitor;

import com.azure.monitor.opentelemetry.autoconfigure.AzureMonitorAutoConfigure;
import com.azure.monitor.opentelemetry.autoconfigure.AzureMonitorAutoConfigureOptions;
import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.config.SettingsException;
import dev.ssewatch.core.telemetry.TelemetrySink;
import dev.ssewatch.core.telemetry.TelemetrySinkProvider;
import dev.ssewatch.exporters.otel.EndpointNames;
import dev.ssewatch.exporters.otel.ExportBreaker;
import dev.ssewatch.exporters.otel.OtelSink;
import dev.ssewatch.exporters.otel.RecordedIds;
import dev.ssewatch.exporters.otel.SseTelemetryMapping;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdkBuilder;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code ssewatch.exporters=azure-monitor}: the OTLP exporter's mapping on a private OpenTelemetry
 * SDK that Azure Monitor's autoconfigure module wires to Application Insights. Streams are
 * requests, proxied backends dependencies, metrics customMetrics and alerts customEvents.
 */
public final class AzureMonitorSinkProvider implements TelemetrySinkProvider {

  public static final String NAME = "azure-monitor";

  /**
   * A probe export that has not answered by then counts as failed. The Azure exporter bounds its
   * own sends (connect and response timeouts of its HTTP pipeline), well within this.
   */
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(60);

  /** Serialises the brief {@code java.io.tmpdir} switch below between sinks built concurrently. */
  private static final Object TMPDIR_LOCK = new Object();

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public TelemetrySink create(Settings settings) {
    return create(AzureMonitorConfig.from(settings));
  }

  static OtelSink create(AzureMonitorConfig config) {
    return create(config, null);
  }

  /** As {@link #create(AzureMonitorConfig)}, the SDK's metrics also read by {@code alsoReading}. */
  static OtelSink create(AzureMonitorConfig config, MetricReader alsoReading) {
    ExportBreaker breaker =
        ExportBreaker.create(
            NAME,
            PROBE_TIMEOUT,
            "Application Insights ingestion endpoint "
                + ingestionEndpoint(config.connectionString()),
            "check the connection string's InstrumentationKey and IngestionEndpoint ("
                + AzureMonitorConfig.CONNECTION_STRING
                + ")");
    OpenTelemetrySdk sdk;
    try {
      sdk = buildSdk(config, breaker, alsoReading);
    } catch (IllegalArgumentException | IllegalStateException e) {
      // The SDK's message may quote the connection string: name the key, not the value.
      throw new SettingsException(
          AzureMonitorConfig.CONNECTION_STRING,
          "rejected by the Azure Monitor SDK (" + e.getClass().getSimpleName() + ")");
    }
    SseTelemetryMapping mapping =
        SseTelemetryMapping.builder(sdk)
            .exportEvents(config.exportEvents())
            .pausedBy(breaker)
            .backendDependency(true)
            .customEvents(true)
            .longStreamThreshold(config.longStreamThreshold())
            .maxOpenStreams(config.maxOpenStreams())
            .build();
    return OtelSink.of(NAME, sdk, mapping, config.timeout(), breaker);
  }

  /**
   * The connection string's {@code IngestionEndpoint}, for log lines: an address, not a secret (the
   * instrumentation key is never quoted). The service's default when there is none.
   */
  static String ingestionEndpoint(String connectionString) {
    String endpoint = part(connectionString, "IngestionEndpoint");
    return endpoint != null
        ? EndpointNames.forLogs(endpoint)
        : "https://dc.services.visualstudio.com/";
  }

  /**
   * The host the exporter posts to: the connection string's {@code IngestionEndpoint}, else {@code
   * dc.} and its {@code EndpointSuffix}, else the service's default.
   */
  static String ingestionHost(String connectionString) {
    String endpoint = part(connectionString, "IngestionEndpoint");
    if (endpoint != null) {
      try {
        String host = URI.create(endpoint).getHost();
        if (host != null) {
          return host;
        }
      } catch (IllegalArgumentException e) {
        // The SDK refuses it when it is built.
      }
    }
    String suffix = part(connectionString, "EndpointSuffix");
    return suffix != null ? "dc." + suffix : "dc.services.visualstudio.com";
  }

  private static String part(String connectionString, String name) {
    for (String part : connectionString.split(";")) {
      int eq = part.indexOf('=');
      if (eq > 0 && part.substring(0, eq).trim().equalsIgnoreCase(name)) {
        return part.substring(eq + 1).trim();
      }
    }
    return null;
  }

  private static OpenTelemetrySdk buildSdk(
      AzureMonitorConfig config, ExportBreaker breaker, MetricReader alsoReading) {
    Map<String, String> props = new HashMap<>();
    props.put("applicationinsights.live.metrics.enabled", Boolean.toString(config.liveMetrics()));
    props.put("otel.bsp.max.queue.size", Integer.toString(config.queueSize()));
    props.put("otel.blrp.max.queue.size", Integer.toString(config.queueSize()));
    props.put("otel.metric.export.interval", Long.toString(config.metricInterval().toMillis()));
    props.putIfAbsent("otel.service.name", "ssewatch");
    // Forced over the host's OTEL_* variables and system properties, which the autoconfigure
    // module reads too: in the agent they belong to the application and must not send ssewatch's
    // telemetry elsewhere, sample it, or resize its queues.
    Map<String, String> forced = new HashMap<>(props);
    forced.remove("otel.service.name");
    forced.put("otel.traces.sampler", "always_on");
    forced.put("otel.sdk.disabled", "false");
    for (String signal : new String[] {"traces", "metrics", "logs"}) {
      forced.put("otel." + signal + ".exporter", "azure_monitor");
    }

    // Not global (the builder's default): the agent must not clash with the application's own
    // OpenTelemetry setup. No shutdown hook: the dispatcher shuts sinks down in order.
    AutoConfiguredOpenTelemetrySdkBuilder builder =
        AutoConfiguredOpenTelemetrySdk.builder()
            .addPropertiesSupplier(() -> props)
            .addPropertiesCustomizer(c -> forced)
            .disableShutdownHook();
    AzureMonitorAutoConfigure.customize(
        builder,
        new AzureMonitorAutoConfigureOptions()
            .connectionString(config.connectionString())
            // The exporters fail an export without a cause: the status is seen here instead.
            .addPolicy(new IngestionResponses(ingestionHost(config.connectionString()), breaker)));
    // Added after Azure's customizers, which swap in its exporters: these wrap what they made.
    builder
        // The stream spans take the ids core recorded, so operation_Id is the trace id the request
        // came with and operation_ParentId the caller's span.
        .addTracerProviderCustomizer((b, c) -> b.setIdGenerator(RecordedIds.INSTANCE))
        .addSpanExporterCustomizer((exporter, c) -> breaker.wrap(exporter))
        .addLogRecordExporterCustomizer((exporter, c) -> breaker.wrap(exporter))
        // What the SDK's queues drop is counted in the health (see ProcessorDrops): outside the
        // breaker, so that it is counted from a collection whose export the breaker skips too.
        .addMeterProviderCustomizer((b, c) -> ProcessorDrops.registerViews(b))
        .addMetricExporterCustomizer(
            (exporter, c) -> new ProcessorDrops(breaker.wrap(exporter), breaker.health()));
    if (alsoReading != null) {
      builder.addMeterProviderCustomizer((b, c) -> b.registerMetricReader(alsoReading));
    }
    return withSpoolDir(config.spoolDir(), builder);
  }

  /**
   * The exporter offers no option for its retry spool: it always uses {@code
   * ${java.io.tmpdir}/applicationinsights}, read once while the SDK is built. So the property is
   * pointed at the user's directory for that moment, or at a path that cannot be created when the
   * user named none, which turns spooling off instead of leaving telemetry in a shared temp
   * directory.
   */
  private static OpenTelemetrySdk withSpoolDir(
      Path spoolDir, AutoConfiguredOpenTelemetrySdkBuilder builder) {
    String dir;
    if (spoolDir != null) {
      try {
        Files.createDirectories(spoolDir);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create the spool directory " + spoolDir, e);
      }
      dir = spoolDir.toString();
    } else {
      dir = "/dev/null/ssewatch-no-spool";
    }
    synchronized (TMPDIR_LOCK) {
      String saved = System.getProperty("java.io.tmpdir");
      System.setProperty("java.io.tmpdir", dir);
      try {
        return builder.build().getOpenTelemetrySdk();
      } finally {
        System.setProperty("java.io.tmpdir", saved);
      }
    }
  }
}
