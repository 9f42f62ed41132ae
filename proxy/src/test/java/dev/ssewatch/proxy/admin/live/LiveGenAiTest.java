package dev.ssewatch.proxy.admin.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.core.stream.StreamSnapshot;
import dev.ssewatch.core.telemetry.GenAi;
import dev.ssewatch.core.telemetry.Progress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The live page's snapshots carry what progress records told of an open LLM or MCP stream. */
class LiveGenAiTest {

  private final LiveGenAi genAi = new LiveGenAi();

  @Test
  void aProgressRecordsFactsAreInTheNextSnapshot() {
    genAi.accept(progress("s-1", chat(2_000_000_000L, 12, "exact")));

    String json = LiveJson.snapshot(List.of(open("s-1")), 0, 0, route -> 240_000, genAi::get);

    assertThat(json)
        .contains(
            "\"alerts\":0,\"genai\":{\"api\":\"openai.chat_completions\",\"provider\":\"openai\","
                + "\"operation\":\"chat\",\"model\":\"gpt-4o\",\"ttft_ms\":2000.000,"
                + "\"output_chunks\":12,\"time_per_output_chunk_ms\":25.000,"
                + "\"finish_reasons\":[\"stop\"],\"completed\":true,\"usage_status\":\"exact\","
                + "\"input_tokens\":19,\"output_tokens\":10,\"total_tokens\":29,"
                + "\"cached_tokens\":null,\"reasoning_tokens\":null,\"content_filter\":false,"
                + "\"unreadable_events\":0,\"mcp_method\":null,\"mcp_name\":null,"
                + "\"mcp_protocol_version\":null,\"rpc_outcome\":null,\"mcp_notifications\":0,"
                + "\"mcp_progress_notifications\":0}}");
  }

  @Test
  void aLaterProgressReplacesTheEarlierFacts() {
    genAi.accept(progress("s-1", chat(-1, 0, null)));
    genAi.accept(progress("s-1", chat(900_000_000L, 3, null)));

    assertThat(genAi.get("s-1").outputChunks()).isEqualTo(3);
    assertThat(genAi.size()).isOne();
  }

  @Test
  void aStreamThatIsNotAnLlmOrMcpCallHasNoGenAiObject() {
    genAi.accept(progress("s-1", null));

    assertThat(LiveJson.snapshot(List.of(open("s-1")), 0, 0, r -> 1, genAi::get))
        .doesNotContain("genai");
    assertThat(genAi.size()).isZero();
  }

  @Test
  void streamsNoLongerOpenAreForgottenEvenWithoutTheirEnd() {
    genAi.accept(progress("s-1", chat(1, 1, null)));
    genAi.accept(progress("s-2", chat(1, 1, null)));

    genAi.retainOpen(List.of(open("s-2")));

    assertThat(genAi.get("s-1")).isNull();
    assertThat(genAi.get("s-2")).isNotNull();
  }

  @Test
  void pastItsLimitANewStreamIsNotHeldButAHeldOneStillUpdates() {
    for (int i = 0; i < LiveGenAi.MAX_STREAMS; i++) {
      genAi.accept(progress("s-" + i, chat(1, 1, null)));
    }

    genAi.accept(progress("one-more", chat(1, 1, null)));
    genAi.accept(progress("s-0", chat(1, 7, null)));

    assertThat(genAi.size()).isEqualTo(LiveGenAi.MAX_STREAMS);
    assertThat(genAi.get("one-more")).isNull();
    assertThat(genAi.get("s-0").outputChunks()).isEqualTo(7);
  }

  private static GenAi chat(long ttftNanos, long chunks, String usage) {
    boolean done = usage != null;
    return new GenAi(
        "openai.chat_completions",
        "openai",
        "chat",
        "gpt-4o",
        "h-1",
        ttftNanos,
        chunks,
        chunks > 1 ? 25_000_000L : -1,
        null,
        done ? List.of("stop") : List.of(),
        done,
        usage,
        done ? 19 : -1,
        done ? 10 : -1,
        done ? 29 : -1,
        -1,
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

  private static Progress progress(String id, GenAi g) {
    return new Progress(id, 0, 1, 1, 1, 0, 0, 1, 1, g, 0, 0, 0);
  }

  private static StreamSnapshot open(String id) {
    return new StreamSnapshot(
        id, "POST", "/v1/chat/completions", "/", 200, true, 0, 1, 1, 1, 0, 0, 1, 1, 1, 0);
  }
}
