package dev.ssewatch.exporters.otel;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.exporters.otel.receiver.BreakerContract;
import dev.ssewatch.exporters.otel.receiver.OtlpHttpReceiver;
import dev.ssewatch.exporters.otel.receiver.RejectingEndpoint;
import dev.ssewatch.exporters.otel.receiver.StalledEndpoint;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The breaker contract for OTLP over HTTP, plus gRPC and a status the SDK does not retry. */
class OtlpBreakerTest extends BreakerContract {

  @Override
  protected OtelSink sink(String baseUrl) {
    return sink(baseUrl, "http/protobuf");
  }

  @Override
  protected RejectingEndpoint endpoint() {
    OtlpHttpReceiver receiver = OtlpHttpReceiver.start();
    return new RejectingEndpoint() {
      @Override
      public String baseUrl() {
        return receiver.endpoint();
      }

      @Override
      public void respondWith(int status) {
        receiver.respondWith(status);
      }

      @Override
      public int requests() {
        return receiver.payloads().size();
      }

      @Override
      public int streamsDelivered() {
        return receiver.spans().size();
      }

      @Override
      public void close() {
        receiver.close();
      }
    };
  }

  /** A 503 is retried by the SDK within one export: a probe may be a few requests. */
  @Override
  protected int requestsPerProbe(int status) {
    return 5;
  }

  @Test
  void aClosedPortGetsABoundedNumberOfExportAttemptsOverGrpc() {
    assertBoundedAttemptsWhileOpen(
        sink("http://127.0.0.1:" + StalledEndpoint.unreachablePort(), "grpc"));
  }

  @Test
  void aCollectorRejectingWithAStatusTheSdkDoesNotRetry() {
    assertProbedSparinglyAndResumes(400);
  }

  private static OtelSink sink(String endpoint, String protocol) {
    OtlpConfig config =
        OtlpConfig.from(
            Settings.of(
                Map.of(
                    "ssewatch.otlp.endpoint", endpoint,
                    "ssewatch.otlp.protocol", protocol,
                    "ssewatch.otlp.timeout", "1s",
                    "ssewatch.otlp.queue-size", "256",
                    "ssewatch.otlp.metric-interval", "100ms")));
    return OtlpSinkProvider.create(config, null);
  }
}
