package dev.ssewatch.exporters.otel;

import dev.ssewatch.core.telemetry.ChunkGaps;
import dev.ssewatch.core.telemetry.GenAi;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.semconv.HttpAttributes;
import java.util.List;

/**
 * The instruments of LLM token streams and MCP calls, recorded at a stream's end. Bucket boundaries
 * follow the GenAI conventions' advice where they give one.
 */
final class GenAiMetrics {

  /**
   * The conventions' advice for time to first chunk and per-chunk times, in seconds: core's chunk
   * gap buckets, so that the buckets of {@code time_per_output_chunk} come out exact.
   */
  static final List<Double> CHUNK_TIME_BUCKETS_S =
      ChunkGaps.UPPER_BOUNDS_NANOS.stream().map(n -> n / 1e9).toList();

  /** The conventions' advice for token counts: powers of four. */
  static final List<Long> TOKEN_BUCKETS =
      List.of(
          1L, 4L, 16L, 64L, 256L, 1024L, 4096L, 16384L, 65536L, 262144L, 1048576L, 4194304L,
          16777216L, 67108864L);

  final DoubleHistogram timeToFirstChunk;
  final DoubleHistogram timePerOutputChunk;
  final LongHistogram tokenUsage;
  final LongCounter completions;
  final LongCounter mcpCalls;

  GenAiMetrics(Meter meter) {
    timeToFirstChunk =
        meter
            .histogramBuilder(SseMetricNames.GENAI_TIME_TO_FIRST_CHUNK)
            .setUnit("s")
            .setDescription("Request start to the first chunk carrying model output")
            .setExplicitBucketBoundariesAdvice(CHUNK_TIME_BUCKETS_S)
            .build();
    timePerOutputChunk =
        meter
            .histogramBuilder(SseMetricNames.GENAI_TIME_PER_OUTPUT_CHUNK)
            .setUnit("s")
            .setDescription(
                "Time from the end of the previous output chunk to the end of the current one,"
                    + " for each chunk after the first")
            .setExplicitBucketBoundariesAdvice(CHUNK_TIME_BUCKETS_S)
            .build();
    tokenUsage =
        meter
            .histogramBuilder(SseMetricNames.GENAI_TOKEN_USAGE)
            .ofLongs()
            .setUnit("{token}")
            .setDescription("Input and output tokens the stream itself reported (exact usage only)")
            .setExplicitBucketBoundariesAdvice(TOKEN_BUCKETS)
            .build();
    completions =
        meter
            .counterBuilder(SseMetricNames.GENAI_COMPLETIONS)
            .setUnit("{stream}")
            .setDescription("LLM token streams ended, by usage status and whether they completed")
            .build();
    mcpCalls =
        meter
            .counterBuilder(SseMetricNames.MCP_CALLS)
            .setUnit("{call}")
            .setDescription("MCP calls answered on an event stream, by method, tool and outcome")
            .build();
  }

  /** Records an ended stream's figures; {@code route} may be null. */
  void record(GenAi g, String route) {
    if (g.isMcp()) {
      AttributesBuilder ab = Attributes.builder().put(GenAiAttributes.MCP_OUTCOME, outcome(g));
      if (route != null) {
        ab.put(HttpAttributes.HTTP_ROUTE, route);
      }
      if (g.mcpMethod() != null) {
        ab.put(GenAiAttributes.MCP_METHOD_NAME, g.mcpMethod());
      }
      if (g.mcpName() != null) {
        ab.put(nameKey(g), g.mcpName());
      }
      mcpCalls.add(1, ab.build());
      return;
    }
    AttributesBuilder ab =
        Attributes.builder()
            .put(GenAiAttributes.API, g.api())
            .put(GenAiAttributes.PROVIDER_NAME, g.provider())
            .put(GenAiAttributes.OPERATION_NAME, g.operation());
    if (route != null) {
      ab.put(HttpAttributes.HTTP_ROUTE, route);
    }
    if (g.model() != null) {
      ab.put(GenAiAttributes.RESPONSE_MODEL, g.model());
    }
    Attributes common = ab.build();
    completions.add(
        1,
        common.toBuilder()
            .put(
                GenAiAttributes.USAGE_STATUS, g.usageStatus() == null ? "missing" : g.usageStatus())
            .put(GenAiAttributes.COMPLETED, g.completed())
            .build());
    if (g.timeToFirstTokenNanos() >= 0) {
      timeToFirstChunk.record(g.timeToFirstTokenNanos() / 1e9, common);
    }
    if (g.outputChunkGaps() != null) {
      recordEachGap(g.outputChunkGaps(), common);
    }
    if (GenAi.USAGE_EXACT.equals(g.usageStatus())) {
      if (g.inputTokens() >= 0) {
        tokenUsage.record(
            g.inputTokens(), common.toBuilder().put(GenAiAttributes.TOKEN_TYPE, "input").build());
      }
      if (g.outputTokens() >= 0) {
        tokenUsage.record(
            g.outputTokens(), common.toBuilder().put(GenAiAttributes.TOKEN_TYPE, "output").build());
      }
    }
  }

  /**
   * Records one value per gap, as the convention records one per chunk, from the stream's fixed
   * histogram: each value lands in the bucket the gap was counted in, since core's buckets are this
   * histogram's. The values are the bucket's own mean, except for the stream's smallest and largest
   * gap, recorded as themselves; so the count, every bucket count, the sum (up to floating-point
   * rounding), the minimum and the maximum are those of the actual gaps. Under a view with other
   * boundaries the gaps of one bucket all fall at its mean.
   */
  private void recordEachGap(ChunkGaps gaps, Attributes attributes) {
    int lowest = -1;
    int highest = -1;
    for (int i = 0; i < ChunkGaps.BUCKETS; i++) {
      if (gaps.count(i) > 0) {
        highest = i;
        if (lowest < 0) {
          lowest = i;
        }
      }
    }
    for (int i = lowest; i <= highest; i++) {
      long n = gaps.count(i);
      long sum = gaps.sumNanos(i);
      if (i == lowest && n > 0) {
        timePerOutputChunk.record(gaps.minNanos() / 1e9, attributes);
        n--;
        sum -= gaps.minNanos();
      }
      if (i == highest && n > 0) {
        timePerOutputChunk.record(gaps.maxNanos() / 1e9, attributes);
        n--;
        sum -= gaps.maxNanos();
      }
      if (n > 0) {
        // The mean of gaps that all lie within the bucket lies within it too.
        double mean = sum / (double) n / 1e9;
        for (long k = 0; k < n; k++) {
          timePerOutputChunk.record(mean, attributes);
        }
      }
    }
  }

  static String outcome(GenAi g) {
    return g.rpcOutcome() == null ? "cancelled" : g.rpcOutcome();
  }

  /** {@code gen_ai.tool.name} for a tool call, else {@code sse.mcp.name}. */
  static io.opentelemetry.api.common.AttributeKey<String> nameKey(GenAi g) {
    return "tools/call".equals(g.mcpMethod())
        ? GenAiAttributes.TOOL_NAME
        : GenAiAttributes.MCP_NAME;
  }
}
