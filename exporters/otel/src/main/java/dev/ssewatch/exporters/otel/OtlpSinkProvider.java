package dev.ssewatch.exporters.otel;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.telemetry.TelemetrySink;
import dev.ssewatch.core.telemetry.TelemetrySinkProvider;
import io.opentelemetry.api.metrics.MeterProvider;

/** {@code ssewatch.exporters=otlp}: streams, metrics and events over OTLP. */
public final class OtlpSinkProvider implements TelemetrySinkProvider {

  public static final String NAME = "otlp";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public TelemetrySink create(Settings settings) {
    return create(OtlpConfig.from(settings), null);
  }

  /**
   * The sink for {@code config}, reporting the SDK's own queue metrics to {@code selfTelemetry}.
   */
  static OtelSink create(OtlpConfig config, MeterProvider selfTelemetry) {
    // Twice the export timeout: the SDK's own retries of one export run within it.
    var breaker =
        ExportBreaker.create(
            NAME,
            config.timeout().multipliedBy(2),
            "OTLP endpoint " + EndpointNames.forLogs(config.endpoint()),
            "check the credentials in "
                + OtlpConfig.HEADERS
                + " and the endpoint's address and path ("
                + OtlpConfig.ENDPOINT
                + ")");
    var sdk = OtlpSdk.create(config, selfTelemetry, breaker);
    var mapping =
        SseTelemetryMapping.builder(sdk)
            .exportEvents(config.exportEvents())
            .pausedBy(breaker)
            .maxOpenStreams(config.maxOpenStreams())
            .longStreamThreshold(config.longStreamThreshold())
            .build();
    return OtelSink.of(NAME, sdk, mapping, config.shutdownTimeout(), breaker);
  }
}
