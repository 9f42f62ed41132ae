package dev.ssewatch.core.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.core.genai.GenAiStreams;
import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.telemetry.ChunkGaps;
import dev.ssewatch.core.telemetry.CloseReason;
import dev.ssewatch.core.telemetry.GenAi;
import dev.ssewatch.core.telemetry.Progress;
import dev.ssewatch.core.telemetry.StreamEnd;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every gap between an LLM stream's output chunks, in the stream's fixed gap histogram. */
class StreamRecorderChunkGapsTest {

  private static final List<Header> CHAT_REQUEST =
      List.of(new Header("Accept", "text/event-stream"));

  @Test
  void eachGapAfterTheFirstOutputChunkIsCountedInItsBucketWithAnExactSum() {
    Fixture f = new Fixture();
    StreamRecorder r = chat(f);
    f.bytes(r, role());
    f.advance(Duration.ofMillis(700)); // before the first output chunk: not a chunk gap
    chunk(f, r, 1);
    f.advance(Duration.ofMillis(5));
    chunk(f, r, 2);
    f.advance(Duration.ofMillis(10)); // on the first bound: still the first bucket
    chunk(f, r, 3);
    f.advance(Duration.ofMillis(30));
    chunk(f, r, 4);
    f.advance(Duration.ofMillis(300));
    chunk(f, r, 5);
    f.advance(Duration.ofSeconds(300)); // past the last bound
    chunk(f, r, 6);
    f.advance(Duration.ofMillis(40));
    f.bytes(r, finish());
    r.onEnd(CloseReason.COMPLETED, f.now());

    GenAi g = f.sink.single(StreamEnd.class).genAi();
    ChunkGaps gaps = g.outputChunkGaps();
    assertThat(g.outputChunks()).isEqualTo(6);
    assertThat(gaps.totalCount()).isEqualTo(5);
    assertThat(counts(gaps))
        .containsExactly(2, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);
    assertThat(gaps.sumNanos(0)).isEqualTo(Duration.ofMillis(15).toNanos());
    assertThat(gaps.sumNanos(2)).isEqualTo(Duration.ofMillis(30).toNanos());
    assertThat(gaps.sumNanos(7)).isEqualTo(Duration.ofMillis(300).toNanos());
    assertThat(gaps.sumNanos(18)).isEqualTo(Duration.ofSeconds(300).toNanos());
    assertThat(gaps.minNanos()).isEqualTo(Duration.ofMillis(5).toNanos());
    assertThat(gaps.maxNanos()).isEqualTo(Duration.ofSeconds(300).toNanos());
    // The mean stays, and is the histogram's: first output chunk to last over the gaps.
    assertThat(gaps.totalSumNanos()).isEqualTo(Duration.ofMillis(300_345).toNanos());
    assertThat(g.timePerOutputChunkNanos()).isEqualTo(gaps.totalSumNanos() / 5);
  }

  @Test
  void aStreamWithOneOutputChunkHasNoGaps() {
    Fixture f = new Fixture();
    StreamRecorder r = chat(f);
    f.bytes(r, role());
    chunk(f, r, 1);
    f.advance(Duration.ofMillis(20));
    f.bytes(r, finish());
    r.onEnd(CloseReason.COMPLETED, f.now());

    GenAi g = f.sink.single(StreamEnd.class).genAi();
    assertThat(g.outputChunks()).isEqualTo(1);
    assertThat(g.outputChunkGaps()).isNull();
  }

  @Test
  void progressRecordsDoNotCarryTheHistogram() {
    Fixture f = new Fixture(Map.of("ssewatch.progress.interval", "1s"));
    StreamRecorder r = chat(f);
    chunk(f, r, 1);
    f.advance(Duration.ofMillis(20));
    chunk(f, r, 2);
    f.advance(Duration.ofSeconds(2));
    f.recorders.tick();

    GenAi g = f.sink.single(Progress.class).genAi();
    assertThat(g.outputChunks()).isEqualTo(2);
    assertThat(g.outputChunkGaps()).isNull();
    r.onEnd(CloseReason.COMPLETED, f.now());
    assertThat(f.sink.single(StreamEnd.class).genAi().outputChunkGaps().totalCount()).isOne();
  }

  @Test
  void aStreamOffAnLlmRouteHasNoGenAiStateAtAll() {
    Fixture f = new Fixture();
    StreamRecorder r = f.sse();
    f.bytes(r, GenAiStreams.chatChunk("CANARY-chat-1", ""));
    f.advance(Duration.ofMillis(20));
    f.bytes(r, GenAiStreams.chatChunk("CANARY-chat-2", ""));
    r.onEnd(CloseReason.COMPLETED, f.now());

    assertThat(f.sink.single(StreamEnd.class).genAi()).isNull();
  }

  private static StreamRecorder chat(Fixture f) {
    StreamRecorder r =
        f.recorders.begin("POST", "/v1/chat/completions", null, CHAT_REQUEST, f.now());
    r.onResponseHeaders(200, Fixture.SSE_RESPONSE, f.now());
    return r;
  }

  private static void chunk(Fixture f, StreamRecorder r, int n) {
    f.bytes(r, GenAiStreams.chatChunk("CANARY-chat-" + n, ""));
  }

  private static String role() {
    return GenAiStreams.CHAT_ROLE.replace("%USAGE_NULL%", "");
  }

  private static String finish() {
    return GenAiStreams.CHAT_FINISH.replace("%USAGE_NULL%", "") + GenAiStreams.DONE;
  }

  private static long[] counts(ChunkGaps gaps) {
    long[] c = new long[ChunkGaps.BUCKETS];
    for (int i = 0; i < c.length; i++) {
      c[i] = gaps.count(i);
    }
    return c;
  }
}
