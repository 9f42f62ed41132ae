package dev.ssewatch.core.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ssewatch.core.genai.GenAiStreams;
import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.telemetry.CloseReason;
import dev.ssewatch.core.telemetry.StreamEnd;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading an LLM stream's facts costs no allocation per event: the scanner's buffers are fixed. */
class StreamRecorderGenAiAllocationTest {

  private static final int ROUNDS = 20_000;

  @Test
  void chatChunksThroughTheScannerAllocateNothingWhenNoEventIsRecorded() {
    Fixture f = new Fixture(Map.of("ssewatch.events.sample", "none"));
    StreamRecorder r =
        f.recorders.begin(
            "POST",
            "/openai/deployments/gpt4o/chat/completions",
            null,
            List.of(new Header("Accept", "text/event-stream")),
            f.now());
    r.onResponseHeaders(200, Fixture.SSE_RESPONSE, f.now());
    byte[] chunk =
        (GenAiStreams.azureFiltered("CANARY-filter-1")
                + GenAiStreams.chatChunk("CANARY-chat-1", ",\"usage\":null"))
            .getBytes(StandardCharsets.UTF_8);

    long perRound = allocatedPerRound(() -> r.onBytes(chunk, 0, chunk.length, f.now()));

    assertThat(perRound).isLessThan(8);
    r.onEnd(CloseReason.COMPLETED, f.now());
    assertThat(f.sink.single(StreamEnd.class).genAi().outputChunks()).isEqualTo(4L * ROUNDS);
  }

  private static long allocatedPerRound(Runnable round) {
    assumeTrue(
        ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
        "needs per-thread allocation counters");
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assumeTrue(mx.isThreadAllocatedMemorySupported(), "needs per-thread allocation counters");
    mx.setThreadAllocatedMemoryEnabled(true);
    long thread = Thread.currentThread().getId();
    for (int i = 0; i < ROUNDS; i++) {
      round.run();
    }
    long before = mx.getThreadAllocatedBytes(thread);
    for (int i = 0; i < ROUNDS; i++) {
      round.run();
    }
    long after = mx.getThreadAllocatedBytes(thread);
    return (after - before) / ROUNDS;
  }
}
