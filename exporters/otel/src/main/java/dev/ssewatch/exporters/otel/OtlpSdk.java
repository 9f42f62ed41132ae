package dev.ssewatch.exporters.otel;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.InternalTelemetryVersion;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.semconv.ServiceAttributes;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Builds a private OpenTelemetry SDK exporting over OTLP. Private on purpose: it is never made
 * global, so it cannot clash with an OpenTelemetry setup of the application the agent runs in.
 */
final class OtlpSdk {

  private OtlpSdk() {}

  /**
   * The SDK for {@code config}. The batch processors report their own queue size and drops (the
   * {@code otel.sdk.processor.*} metrics) to {@code selfTelemetry}, or, when it is {@code null}, to
   * the SDK's own meter provider so they are exported with the SSE metrics; their drops are also
   * counted in {@code breaker}'s health ({@link QueueDrops}). Every exporter goes through {@code
   * breaker}.
   */
  static OpenTelemetrySdk create(
      OtlpConfig config, MeterProvider selfTelemetry, ExportBreaker breaker) {
    AtomicReference<SdkMeterProvider> own = new AtomicReference<>();
    Supplier<MeterProvider> target =
        selfTelemetry != null
            ? () -> selfTelemetry
            : () -> {
              MeterProvider m = own.get();
              return m == null ? MeterProvider.noop() : m;
            };
    // Passed on unchanged, and what the queues drop is counted in the exporter's health.
    MeterProvider counting = new QueueDrops(target, breaker.health());
    Supplier<MeterProvider> meters = () -> counting;

    AttributesBuilder ra = Attributes.builder();
    config.resourceAttributes().forEach(ra::put);
    ra.put(ServiceAttributes.SERVICE_NAME, config.serviceName());
    Resource resource = Resource.getDefault().merge(Resource.create(ra.build()));

    SdkMeterProvider meterProvider =
        SdkMeterProvider.builder()
            .setResource(resource)
            .registerMetricReader(
                PeriodicMetricReader.builder(breaker.wrap(metricExporter(config)))
                    .setInterval(config.metricInterval())
                    .build())
            .build();
    own.set(meterProvider);

    SdkTracerProvider tracerProvider =
        SdkTracerProvider.builder()
            .setResource(resource)
            // Every stream is recorded: sampling, if any, already happened in core.
            .setSampler(Sampler.alwaysOn())
            // The stream spans take the ids core recorded and propagated.
            .setIdGenerator(RecordedIds.INSTANCE)
            .addSpanProcessor(
                BatchSpanProcessor.builder(breaker.wrap(spanExporter(config)))
                    .setMaxQueueSize(config.queueSize())
                    .setMaxExportBatchSize(Math.min(512, config.queueSize()))
                    .setExporterTimeout(config.timeout())
                    .setMeterProvider(meters)
                    .setInternalTelemetryVersion(InternalTelemetryVersion.LATEST)
                    .build())
            .build();

    SdkLoggerProvider loggerProvider =
        SdkLoggerProvider.builder()
            .setResource(resource)
            .addLogRecordProcessor(
                BatchLogRecordProcessor.builder(breaker.wrap(logExporter(config)))
                    .setMaxQueueSize(config.queueSize())
                    .setMaxExportBatchSize(Math.min(512, config.queueSize()))
                    .setExporterTimeout(config.timeout())
                    .setMeterProvider(meters)
                    .setInternalTelemetryVersion(InternalTelemetryVersion.LATEST)
                    .build())
            .build();

    return OpenTelemetrySdk.builder()
        .setTracerProvider(tracerProvider)
        .setMeterProvider(meterProvider)
        .setLoggerProvider(loggerProvider)
        .build();
  }

  private static SpanExporter spanExporter(OtlpConfig c) {
    if (OtlpConfig.GRPC.equals(c.protocol())) {
      var b =
          OtlpGrpcSpanExporter.builder()
              .setEndpoint(c.endpoint())
              .setTimeout(c.timeout())
              .setConnectTimeout(c.timeout());
      c.headers().forEach(b::addHeader);
      return b.build();
    }
    var b =
        OtlpHttpSpanExporter.builder()
            .setEndpoint(c.signalEndpoint("/v1/traces"))
            .setTimeout(c.timeout())
            .setConnectTimeout(c.timeout());
    c.headers().forEach(b::addHeader);
    return b.build();
  }

  private static LogRecordExporter logExporter(OtlpConfig c) {
    if (OtlpConfig.GRPC.equals(c.protocol())) {
      var b =
          OtlpGrpcLogRecordExporter.builder()
              .setEndpoint(c.endpoint())
              .setTimeout(c.timeout())
              .setConnectTimeout(c.timeout());
      c.headers().forEach(b::addHeader);
      return b.build();
    }
    var b =
        OtlpHttpLogRecordExporter.builder()
            .setEndpoint(c.signalEndpoint("/v1/logs"))
            .setTimeout(c.timeout())
            .setConnectTimeout(c.timeout());
    c.headers().forEach(b::addHeader);
    return b.build();
  }

  private static MetricExporter metricExporter(OtlpConfig c) {
    if (OtlpConfig.GRPC.equals(c.protocol())) {
      var b =
          OtlpGrpcMetricExporter.builder()
              .setEndpoint(c.endpoint())
              .setTimeout(c.timeout())
              .setConnectTimeout(c.timeout());
      c.headers().forEach(b::addHeader);
      return b.build();
    }
    var b =
        OtlpHttpMetricExporter.builder()
            .setEndpoint(c.signalEndpoint("/v1/metrics"))
            .setTimeout(c.timeout())
            .setConnectTimeout(c.timeout());
    c.headers().forEach(b::addHeader);
    return b.build();
  }
}
