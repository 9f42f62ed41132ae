package dev.ssewatch.exporters.otel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.telemetry.TelemetrySink;
import dev.ssewatch.exporters.otel.receiver.CanaryRecords;
import dev.ssewatch.exporters.otel.receiver.OtlpGrpcReceiver;
import dev.ssewatch.exporters.otel.receiver.OtlpReceiver;
import dev.ssewatch.exporters.otel.receiver.ReceivedPayload;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** LLM and MCP streams whose content is canaries: the collector gets their facts, no canary. */
class OtlpGenAiCanaryTest {

  @Test
  void noModelOutputReachesTheCollector() {
    try (OtlpReceiver receiver = OtlpGrpcReceiver.start()) {
      TelemetrySink sink = OtlpHttpExportTest.sink(receiver, "grpc");
      sink.export(CanaryRecords.llmAndMcpStreams(StreamSource.PROXY));
      sink.shutdown();

      // Not vacuous: the streams' spans and alerts did arrive.
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(receiver.payloads())
                      .anyMatch(p -> p.contains(CanaryRecords.LLM_MODEL))
                      .anyMatch(p -> p.contains("truncated_completion"))
                      .anyMatch(p -> p.contains("mcp_call_cancelled")));
      for (String secret : CanaryRecords.forbidden()) {
        assertThat(receiver.payloads())
            .as("payloads containing %s", secret)
            .noneMatch((ReceivedPayload p) -> p.contains(secret));
      }
    }
  }
}
