package dev.ssewatch.core.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.core.genai.GenAiStreams;
import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.telemetry.CloseReason;
import dev.ssewatch.core.telemetry.StreamEnd;
import dev.ssewatch.core.testing.Allocations;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading an LLM stream's facts costs no allocation per event: the scanner's buffers are fixed. */
class StreamRecorderGenAiAllocationTest {

  private static final int ROUNDS = Allocations.ROUNDS;

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

    long perRound = Allocations.perRound(() -> r.onBytes(chunk, 0, chunk.length, f.now()));

    assertThat(perRound).isLessThan(8);
    r.onEnd(CloseReason.COMPLETED, f.now());
    assertThat(f.sink.single(StreamEnd.class).genAi().outputChunks()).isEqualTo(4L * ROUNDS);
  }
}
