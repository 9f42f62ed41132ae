package dev.ssewatch.exporters.otel;

import static org.awaitility.Awaitility.await;

import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.telemetry.TelemetrySink;
import dev.ssewatch.exporters.otel.receiver.CanaryChecks;
import dev.ssewatch.exporters.otel.receiver.CanaryRecords;
import dev.ssewatch.exporters.otel.receiver.OtlpGrpcReceiver;
import dev.ssewatch.exporters.otel.receiver.OtlpHttpReceiver;
import dev.ssewatch.exporters.otel.receiver.OtlpReceiver;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OtlpCanaryTest {

  @ParameterizedTest
  @ValueSource(strings = {"http/protobuf", "grpc"})
  void noSecretNorWouldBeDataReachesTheCollector(String protocol) {
    try (OtlpReceiver receiver =
        protocol.equals("grpc") ? OtlpGrpcReceiver.start() : OtlpHttpReceiver.start()) {
      TelemetrySink sink = OtlpHttpExportTest.sink(receiver, protocol);
      sink.export(CanaryRecords.stream("canary-stream", StreamSource.PROXY));
      sink.shutdown();

      await().atMost(Duration.ofSeconds(30)).until(() -> receiver.logRecords().size() >= 1);
      // Not vacuous: the stream, its redacted query and its event did arrive.
      CanaryChecks.assertArrivedWithoutSecrets(receiver.payloads());
    }
  }
}
