package dev.ssewatch.exporters.otel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.telemetry.TelemetrySink;
import dev.ssewatch.exporters.otel.receiver.OtlpGrpcReceiver;
import dev.ssewatch.exporters.otel.receiver.SampleStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OtlpGrpcExportTest {

  private final OtlpGrpcReceiver receiver = OtlpGrpcReceiver.start();

  @AfterEach
  void stop() {
    receiver.close();
  }

  @Test
  void streamArrivesOverGrpcAsSpanMetricsAndLogRecords() {
    TelemetrySink sink = OtlpHttpExportTest.sink(receiver, "grpc");
    sink.export(SampleStreams.stream("s-1", StreamSource.AGENT, 3));
    sink.shutdown();

    OtlpHttpExportTest.assertStream(receiver);
    assertThat(receiver.payloads())
        .extracting(p -> p.path())
        .contains(
            "/opentelemetry.proto.collector.trace.v1.TraceService/Export",
            "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export",
            "/opentelemetry.proto.collector.logs.v1.LogsService/Export");
  }
}
