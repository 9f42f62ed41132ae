package dev.ssewatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenTelemetry Java agent attached beside ssewatch's, both exporting to one OTLP receiver: the
 * application's own server span (the OpenTelemetry agent's) and ssewatch's stream span are in the
 * caller's trace, both children of the caller's span, so siblings. ssewatch reads the request's
 * {@code traceparent}; it does not read the OpenTelemetry agent's context.
 */
class OtelAgentCoexistenceTest {

  static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
  static final String CALLER = "b7ad6b7169203331";

  @Test
  void theApplicationsServerSpanAndTheStreamSpanShareTheCallersTrace(@TempDir Path dir)
      throws Exception {
    Path agent = AgentJar.assumeBundles(List.of("jsonl", "otlp"));
    String otelAgent = System.getProperty("ssewatch.it.otel.agent.jar", "");
    assumeTrue(
        !otelAgent.isBlank() && Files.exists(Path.of(otelAgent)),
        "the OpenTelemetry Java agent jar is not available: " + otelAgent);
    Secrets secrets = Secrets.random();
    try (AllReceivers receivers = new AllReceivers(dir, List.of("jsonl", "otlp"));
        ChildJvm app =
            ChildJvm.startNettySseApp(
                List.of(
                    "-javaagent:" + otelAgent,
                    "-Dotel.service.name=the-application",
                    "-Dotel.traces.exporter=otlp",
                    "-Dotel.metrics.exporter=none",
                    "-Dotel.logs.exporter=none",
                    "-Dotel.exporter.otlp.protocol=http/protobuf",
                    "-Dotel.exporter.otlp.endpoint=" + receivers.otlp.endpoint(),
                    "-Dotel.bsp.schedule.delay=200"),
                agent,
                receivers.settings(),
                secrets)) {
      int port = app.awaitAppAndAgent(Duration.ofSeconds(60));

      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/chat/stream"))
                      .header("Accept", "text/event-stream")
                      .header("traceparent", "00-" + TRACE + "-" + CALLER + "-01")
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo(CanaryBackend.body(secrets));
      assertThat(app.stop(Duration.ofSeconds(30))).as("exit code").isZero();

      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> serverSpans(receivers).size() >= 2);
      List<Span> servers = serverSpans(receivers);
      Span ssewatch =
          servers.stream()
              .filter(s -> attribute(s, "sse.stream.id") != null)
              .findFirst()
              .orElseThrow();
      Span application =
          servers.stream()
              .filter(s -> attribute(s, "sse.stream.id") == null)
              .findFirst()
              .orElseThrow();
      assertThat(hex(ssewatch.getParentSpanId())).isEqualTo(CALLER);
      assertThat(hex(application.getParentSpanId())).isEqualTo(CALLER);
      assertThat(hex(application.getSpanId())).isNotEqualTo(hex(ssewatch.getSpanId()));
    }
  }

  private static List<Span> serverSpans(AllReceivers receivers) {
    return receivers.otlp.spans().stream()
        .filter(s -> hex(s.getTraceId()).equals(TRACE))
        .filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_SERVER)
        .toList();
  }

  private static String attribute(Span span, String key) {
    for (KeyValue kv : span.getAttributesList()) {
      if (kv.getKey().equals(key)) {
        return kv.getValue().getStringValue();
      }
    }
    return null;
  }

  private static String hex(com.google.protobuf.ByteString bytes) {
    return HexFormat.of().formatHex(bytes.toByteArray());
  }
}
