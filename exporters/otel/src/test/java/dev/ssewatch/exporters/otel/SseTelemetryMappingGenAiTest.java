package dev.ssewatch.exporters.otel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.telemetry.CloseReason;
import dev.ssewatch.core.telemetry.GenAi;
import dev.ssewatch.core.telemetry.StreamEnd;
import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.telemetry.StreamStart;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.semconv.HttpAttributes;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** LLM token streams and MCP calls as GenAI semantic-convention attributes and metrics. */
class SseTelemetryMappingGenAiTest {

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  private final OpenTelemetrySdk sdk =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .addSpanProcessor(SimpleSpanProcessor.create(spans))
                  .build())
          .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
          .build();

  @AfterEach
  void close() {
    sdk.close();
  }

  @Test
  void aChatCompletionHasTheGenAiConventionsNames() {
    SseTelemetryMapping mapping = SseTelemetryMapping.builder(sdk).build();
    GenAi g = chat(GenAi.USAGE_EXACT, 19, 10);
    mapping.record(start("s-1", "/v1/chat/completions", g));
    mapping.record(end("s-1", "/v1/chat/completions", g));

    Attributes a = onlySpan().getAttributes();
    assertThat(a.get(GenAiAttributes.PROVIDER_NAME)).isEqualTo("openai");
    assertThat(a.get(GenAiAttributes.OPERATION_NAME)).isEqualTo("chat");
    assertThat(a.get(GenAiAttributes.REQUEST_STREAM)).isTrue();
    assertThat(a.get(GenAiAttributes.RESPONSE_MODEL)).isEqualTo("gpt-4o-mini");
    assertThat(a.get(GenAiAttributes.RESPONSE_FINISH_REASONS)).containsExactly("stop");
    assertThat(a.get(GenAiAttributes.RESPONSE_TIME_TO_FIRST_CHUNK)).isEqualTo(0.79);
    assertThat(a.get(GenAiAttributes.USAGE_INPUT_TOKENS)).isEqualTo(19);
    assertThat(a.get(GenAiAttributes.USAGE_OUTPUT_TOKENS)).isEqualTo(10);
    assertThat(a.get(GenAiAttributes.USAGE_STATUS)).isEqualTo("exact");
    assertThat(a.get(GenAiAttributes.USAGE_REASONING_TOKENS)).isNull();
    assertThat(a.get(GenAiAttributes.OUTPUT_CHUNKS)).isEqualTo(39);

    Collection<MetricData> m = metrics.collectAllMetrics();
    HistogramPointData ttft = histogram(m, SseMetricNames.GENAI_TIME_TO_FIRST_CHUNK);
    assertThat(ttft.getSum()).isEqualTo(0.79);
    assertThat(ttft.getAttributes().get(HttpAttributes.HTTP_ROUTE))
        .isEqualTo("/v1/chat/completions");
    assertThat(ttft.getAttributes().get(GenAiAttributes.RESPONSE_MODEL)).isEqualTo("gpt-4o-mini");
    List<HistogramPointData> tokens = histograms(m, SseMetricNames.GENAI_TOKEN_USAGE);
    assertThat(tokens)
        .extracting(p -> p.getAttributes().get(GenAiAttributes.TOKEN_TYPE) + "=" + p.getSum())
        .containsExactlyInAnyOrder("input=19.0", "output=10.0");
    LongPointData done = counter(m, SseMetricNames.GENAI_COMPLETIONS);
    assertThat(done.getValue()).isEqualTo(1);
    assertThat(done.getAttributes().get(GenAiAttributes.USAGE_STATUS)).isEqualTo("exact");
  }

  @Test
  void tokensAreNotRecordedUnlessTheUsageIsExact() {
    SseTelemetryMapping mapping = SseTelemetryMapping.builder(sdk).build();
    GenAi g = chat(GenAi.USAGE_TRUNCATED, 25, 1);
    mapping.record(end("s-2", "/v1/messages", g));

    Collection<MetricData> m = metrics.collectAllMetrics();
    assertThat(histograms(m, SseMetricNames.GENAI_TOKEN_USAGE)).isEmpty();
    assertThat(
            counter(m, SseMetricNames.GENAI_COMPLETIONS)
                .getAttributes()
                .get(GenAiAttributes.USAGE_STATUS))
        .isEqualTo("truncated");
  }

  @Test
  void anMcpToolCallCarriesItsMethodToolAndOutcome() {
    SseTelemetryMapping mapping = SseTelemetryMapping.builder(sdk).build();
    GenAi g = mcp(null);
    mapping.record(start("s-3", "/mcp", g));
    mapping.record(end("s-3", "/mcp", g));

    Attributes a = onlySpan().getAttributes();
    assertThat(a.get(GenAiAttributes.MCP_METHOD_NAME)).isEqualTo("tools/call");
    assertThat(a.get(GenAiAttributes.TOOL_NAME)).isEqualTo("search_docs");
    assertThat(a.get(GenAiAttributes.MCP_PROTOCOL_VERSION)).isEqualTo("2026-07-28");
    assertThat(a.get(GenAiAttributes.MCP_OUTCOME)).isEqualTo("cancelled");
    assertThat(a.get(GenAiAttributes.PROVIDER_NAME)).isNull();
    LongPointData calls = counter(metrics.collectAllMetrics(), SseMetricNames.MCP_CALLS);
    assertThat(calls.getAttributes().get(GenAiAttributes.MCP_OUTCOME)).isEqualTo("cancelled");
    assertThat(calls.getAttributes().get(GenAiAttributes.TOOL_NAME)).isEqualTo("search_docs");
  }

  private SpanData onlySpan() {
    assertThat(spans.getFinishedSpanItems()).hasSize(1);
    return spans.getFinishedSpanItems().get(0);
  }

  private static List<HistogramPointData> histograms(Collection<MetricData> m, String name) {
    return m.stream()
        .filter(d -> d.getName().equals(name))
        .flatMap(d -> d.getHistogramData().getPoints().stream())
        .toList();
  }

  private static HistogramPointData histogram(Collection<MetricData> m, String name) {
    List<HistogramPointData> points = histograms(m, name);
    assertThat(points).as(name).hasSize(1);
    return points.get(0);
  }

  private static LongPointData counter(Collection<MetricData> m, String name) {
    List<LongPointData> points =
        m.stream()
            .filter(d -> d.getName().equals(name))
            .flatMap(d -> d.getLongSumData().getPoints().stream())
            .toList();
    assertThat(points).as(name).hasSize(1);
    return points.get(0);
  }

  static GenAi chat(String usageStatus, long in, long out) {
    return new GenAi(
        "openai.chat_completions",
        "openai",
        "chat",
        "gpt-4o-mini",
        "5b1f0c2a9e7d4f31",
        790_000_000L,
        39,
        34_500_000L,
        null,
        List.of("stop"),
        !GenAi.USAGE_TRUNCATED.equals(usageStatus),
        usageStatus,
        in,
        out,
        in + out,
        0,
        -1,
        false,
        0,
        null,
        null,
        null,
        false,
        null,
        null,
        0,
        0);
  }

  static GenAi mcp(String outcome) {
    return new GenAi(
        "mcp",
        null,
        null,
        null,
        null,
        -1,
        0,
        -1,
        null,
        List.of(),
        outcome != null,
        null,
        -1,
        -1,
        -1,
        -1,
        -1,
        false,
        0,
        "tools/call",
        "search_docs",
        "2026-07-28",
        true,
        null,
        outcome,
        1,
        1);
  }

  private static StreamStart start(String id, String route, GenAi g) {
    return new StreamStart(
        id,
        1_000,
        StreamSource.PROXY,
        "POST",
        route,
        route,
        200,
        "text/event-stream",
        true,
        List.of(),
        List.of(new Header("Content-Type", "text/event-stream")),
        1_000_000,
        999,
        g,
        null);
  }

  static StreamEnd end(String id, String route, GenAi g) {
    return new StreamEnd(
        id,
        3_000,
        StreamSource.PROXY,
        "POST",
        route,
        route,
        200,
        true,
        999,
        2_000_000_000L,
        180_000_000L,
        42,
        9100,
        0,
        0,
        610_000_000L,
        CloseReason.COMPLETED,
        null,
        java.util.List.of(),
        g,
        null);
  }
}
