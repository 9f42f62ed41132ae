package dev.ssewatch.exporters.otel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.genai.GenAiStreams;
import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.stream.StreamRecorder;
import dev.ssewatch.core.stream.StreamRecorders;
import dev.ssewatch.core.telemetry.ChunkGaps;
import dev.ssewatch.core.telemetry.CloseReason;
import dev.ssewatch.core.telemetry.GenAi;
import dev.ssewatch.core.telemetry.StreamEnd;
import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.telemetry.TelemetryRecord;
import dev.ssewatch.core.testing.ManualTimeSource;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code gen_ai.client.operation.time_per_output_chunk}: one value per chunk after the first, as
 * the GenAI conventions define it, rebuilt from the stream's fixed gap histogram.
 */
class GenAiChunkGapMetricTest {

  private static final double NS = 1e-9;

  private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  private final OpenTelemetrySdk sdk =
      OpenTelemetrySdk.builder()
          .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
          .build();
  private final SseTelemetryMapping mapping = SseTelemetryMapping.builder(sdk).build();

  @AfterEach
  void close() {
    sdk.close();
  }

  @Test
  void aRecordedStreamsGapsAreTheHistogramsBucketsSumMinimumAndMaximum() {
    // Gaps after the first output chunk, on the recorder's clock: 5, 10 (a bound), 30, 35, 300 ms
    // and 300 s (past the last bound).
    List<TelemetryRecord> records =
        recorded(
            Duration.ofMillis(5),
            Duration.ofMillis(10),
            Duration.ofMillis(30),
            Duration.ofMillis(35),
            Duration.ofMillis(300),
            Duration.ofSeconds(300));
    records.forEach(mapping::record);

    HistogramPointData p = onlyPoint();
    assertThat(p.getBoundaries()).isEqualTo(GenAiMetrics.CHUNK_TIME_BUCKETS_S);
    assertThat(p.getCounts())
        .containsExactly(
            2L, 0L, 2L, 0L, 0L, 0L, 0L, 1L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 1L);
    assertThat(p.getCount()).isEqualTo(6);
    assertThat(p.getSum()).isCloseTo(300.380, within(NS));
    assertThat(p.getMin()).isEqualTo(0.005);
    assertThat(p.getMax()).isEqualTo(300.0);
  }

  @Test
  void gapsOnABoundStayInTheirBucketWhateverTheMeans() {
    // Three gaps in the 0.1 s bucket, two of them on its upper bound, and the smallest elsewhere:
    // the bucket's values are its maximum and the mean of the rest, both within the bucket.
    mapping.record(
        end(
            gaps(
                Duration.ofMillis(100),
                Duration.ofMillis(100),
                Duration.ofNanos(80_000_001),
                Duration.ofMillis(1))));

    HistogramPointData p = onlyPoint();
    assertThat(p.getCounts().get(0)).isEqualTo(1);
    assertThat(p.getCounts().get(5)).isEqualTo(3);
    assertThat(p.getCount()).isEqualTo(4);
    assertThat(p.getSum()).isCloseTo(0.281_000_001, within(NS));
    assertThat(p.getMin()).isEqualTo(0.001);
    assertThat(p.getMax()).isEqualTo(0.1);
  }

  @Test
  void oneGapIsOneValue() {
    mapping.record(end(gaps(Duration.ofMillis(42))));

    HistogramPointData p = onlyPoint();
    assertThat(p.getCount()).isOne();
    assertThat(p.getCounts().get(3)).isOne();
    assertThat(p.getSum()).isEqualTo(0.042);
  }

  @Test
  void aStreamWithoutGapsRecordsNoChunkTime() {
    mapping.record(end(null));

    assertThat(points()).isEmpty();
  }

  @Test
  void theBucketsAreTheConventionsAdvice() {
    assertThat(GenAiMetrics.CHUNK_TIME_BUCKETS_S)
        .containsExactly(
            0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 30.0,
            60.0, 120.0, 240.0);
  }

  /** A chat completion through core's recorder, with these gaps between its output chunks. */
  private static List<TelemetryRecord> recorded(Duration... gaps) {
    List<TelemetryRecord> out = new ArrayList<>();
    ManualTimeSource time = new ManualTimeSource();
    try (StreamRecorders recorders =
        StreamRecorders.createWithoutTicker(
            Settings.of(Map.of()), StreamSource.PROXY, out::add, time)) {
      StreamRecorder r =
          recorders.begin(
              "POST",
              "/v1/chat/completions",
              null,
              List.of(new Header("Accept", "text/event-stream")),
              time.nanoTime());
      r.onResponseHeaders(
          200, List.of(new Header("Content-Type", "text/event-stream")), time.nanoTime());
      time.advance(Duration.ofMillis(400));
      bytes(r, time, GenAiStreams.chatChunk("CANARY-chat-1", ""));
      for (Duration gap : gaps) {
        time.advance(gap);
        bytes(r, time, GenAiStreams.chatChunk("CANARY-chat-2", ""));
      }
      bytes(r, time, GenAiStreams.CHAT_FINISH.replace("%USAGE_NULL%", "") + GenAiStreams.DONE);
      r.onEnd(CloseReason.COMPLETED, time.nanoTime());
    }
    return out;
  }

  private static void bytes(StreamRecorder r, ManualTimeSource time, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    r.onBytes(b, 0, b.length, time.nanoTime());
  }

  /** The histogram core would carry for these gaps. */
  private static ChunkGaps gaps(Duration... gaps) {
    long[] counts = new long[ChunkGaps.BUCKETS];
    long[] sums = new long[ChunkGaps.BUCKETS];
    long min = Long.MAX_VALUE;
    long max = 0;
    for (Duration d : gaps) {
      long g = d.toNanos();
      counts[ChunkGaps.bucketOf(g)]++;
      sums[ChunkGaps.bucketOf(g)] += g;
      min = Math.min(min, g);
      max = Math.max(max, g);
    }
    return ChunkGaps.copyOf(counts, sums, min, max);
  }

  private static StreamEnd end(ChunkGaps gaps) {
    GenAi g = SseTelemetryMappingGenAiTest.chat(GenAi.USAGE_EXACT, 19, 10);
    GenAi withGaps =
        new GenAi(
            g.api(),
            g.provider(),
            g.operation(),
            g.model(),
            g.responseId(),
            g.timeToFirstTokenNanos(),
            g.outputChunks(),
            g.timePerOutputChunkNanos(),
            gaps,
            g.finishReasons(),
            g.completed(),
            g.usageStatus(),
            g.inputTokens(),
            g.outputTokens(),
            g.totalTokens(),
            g.cachedTokens(),
            g.reasoningTokens(),
            g.contentFilter(),
            g.unreadableEvents(),
            g.mcpMethod(),
            g.mcpName(),
            g.mcpProtocolVersion(),
            g.mcpSession(),
            g.rpcId(),
            g.rpcOutcome(),
            g.mcpNotifications(),
            g.mcpProgressNotifications());
    return SseTelemetryMappingGenAiTest.end("s-1", "/v1/chat/completions", withGaps);
  }

  private List<HistogramPointData> points() {
    return metrics.collectAllMetrics().stream()
        .filter(d -> d.getName().equals(SseMetricNames.GENAI_TIME_PER_OUTPUT_CHUNK))
        .flatMap(d -> d.getHistogramData().getPoints().stream())
        .toList();
  }

  private HistogramPointData onlyPoint() {
    List<HistogramPointData> p = points();
    assertThat(p).hasSize(1);
    return p.get(0);
  }
}
