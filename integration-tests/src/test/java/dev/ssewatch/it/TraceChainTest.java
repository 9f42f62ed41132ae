package dev.ssewatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.proxy.ProxyServer;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One trace from client to application over real sockets: a client with its own span calls the
 * proxy (in this JVM), which calls a Netty application under the agent (a child JVM); both export
 * over OTLP to one receiver. The spans form one chain: client span → proxy server span → proxy
 * client span → the agent's stream span.
 */
class TraceChainTest {

  static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String CLIENT_SPAN = "00f067aa0ba902b7";

  @Test
  void clientProxyAndAgentSpansFormOneTrace(@TempDir Path dir) throws Exception {
    Path agent = AgentJar.assumeBundles(List.of("jsonl", "otlp"));
    Secrets secrets = Secrets.random();
    try (AllReceivers receivers = new AllReceivers(dir, List.of("jsonl", "otlp"));
        ChildJvm app = ChildJvm.startNettySseApp(List.of(), agent, receivers.settings(), secrets)) {
      int port = app.awaitAppAndAgent(Duration.ofSeconds(30));

      Map<String, String> proxySettings = new LinkedHashMap<>();
      proxySettings.put("ssewatch.exporters", "otlp");
      proxySettings.put("ssewatch.otlp.endpoint", receivers.otlp.endpoint());
      proxySettings.put("ssewatch.otlp.protocol", "http/protobuf");
      proxySettings.put("ssewatch.otlp.service-name", "ssewatch-proxy");
      ProxyServer proxy =
          InProcessProxy.start(URI.create("http://127.0.0.1:" + port), Settings.of(proxySettings));
      try {
        HttpResponse<String> response =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + proxy.port() + "/chat/stream-1"))
                        .header("Accept", "text/event-stream")
                        .header("traceparent", "00-" + TRACE + "-" + CLIENT_SPAN + "-01")
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
      } finally {
        // Flushes the proxy's exporter.
        proxy.close();
      }
      // Stopping the application makes the agent flush its exporters.
      assertThat(app.stop(Duration.ofSeconds(30))).as("exit code").isZero();

      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> spansOf(receivers, TRACE).size() >= 3);
      List<Span> spans = spansOf(receivers, TRACE);
      Span proxyServer = only(spans, "proxy", Span.SpanKind.SPAN_KIND_SERVER);
      // Only the proxy makes client spans.
      Span proxyClient = only(spans, null, Span.SpanKind.SPAN_KIND_CLIENT);
      Span agentServer = only(spans, "agent", Span.SpanKind.SPAN_KIND_SERVER);
      assertThat(hex(proxyServer.getParentSpanId())).isEqualTo(CLIENT_SPAN);
      assertThat(hex(proxyClient.getParentSpanId())).isEqualTo(hex(proxyServer.getSpanId()));
      assertThat(hex(agentServer.getParentSpanId())).isEqualTo(hex(proxyClient.getSpanId()));

      // The agent's event log records join its span.
      List<LogRecord> agentLogs =
          receivers.otlp.logRecords().stream()
              .filter(l -> hex(l.getSpanId()).equals(hex(agentServer.getSpanId())))
              .toList();
      assertThat(agentLogs)
          .isNotEmpty()
          .allSatisfy(l -> assertThat(hex(l.getTraceId())).isEqualTo(TRACE));
      // And the agent's JSON lines name the same spans.
      assertThat(receivers.jsonlLines())
          .anyMatch(
              l ->
                  l.contains("\"record\":\"stream_start\"")
                      && l.contains("\"trace_id\":\"" + TRACE + "\"")
                      && l.contains("\"span_id\":\"" + hex(agentServer.getSpanId()) + "\"")
                      && l.contains("\"parent_span_id\":\"" + hex(proxyClient.getSpanId()) + "\""));
    }
  }

  private static List<Span> spansOf(AllReceivers receivers, String traceId) {
    return receivers.otlp.spans().stream()
        .filter(s -> hex(s.getTraceId()).equals(traceId))
        .toList();
  }

  private static Span only(List<Span> spans, String source, Span.SpanKind kind) {
    List<Span> found =
        spans.stream()
            .filter(
                s ->
                    s.getKind() == kind
                        && (source == null
                            || source.equals(attribute(s.getAttributesList(), "sse.source"))))
            .toList();
    assertThat(found).as("%s %s spans in %s", source, kind, spans).hasSize(1);
    return found.get(0);
  }

  private static String attribute(List<KeyValue> attributes, String key) {
    return attributes.stream()
        .filter(kv -> kv.getKey().equals(key))
        .map(kv -> kv.getValue().getStringValue())
        .findFirst()
        .orElse(null);
  }

  private static String hex(com.google.protobuf.ByteString bytes) {
    return HexFormat.of().formatHex(bytes.toByteArray());
  }
}
