package dev.ssewatch.core.genai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.redact.Redactor;
import dev.ssewatch.core.sse.SseParser;
import dev.ssewatch.core.telemetry.GenAi;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The allow-list extractor against each API's stream shapes, whole and split at every byte. */
class GenAiScannerTest {

  private static final Redactor REDACTOR = Redactor.from(Settings.of(Map.of()));

  /** One spec case: the stream, and what the summary must say. */
  record Case(
      String name,
      GenAiApi api,
      String stream,
      String model,
      long outputChunks,
      List<String> finishReasons,
      boolean completed,
      String usageStatus,
      long[] usage) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "chat without include_usage",
            GenAiApi.OPENAI_CHAT_COMPLETIONS,
            GenAiStreams.chatNoUsage(),
            "gpt-4o-mini-2024-07-18",
            2,
            List.of("stop"),
            true,
            GenAi.USAGE_MISSING,
            new long[] {-1, -1, -1, -1, -1}),
        new Case(
            "chat with include_usage on an empty-choices chunk",
            GenAiApi.OPENAI_CHAT_COMPLETIONS,
            GenAiStreams.chatWithUsage(),
            "gpt-4o-mini-2024-07-18",
            2,
            List.of("stop"),
            true,
            GenAi.USAGE_EXACT,
            new long[] {19, 10, 29, 3, 4}),
        new Case(
            "chat with usage on a non-empty choices chunk",
            GenAiApi.OPENAI_CHAT_COMPLETIONS,
            GenAiStreams.chatUsageOnFinishChunk(),
            "gpt-4o-mini-2024-07-18",
            2,
            List.of("length"),
            true,
            GenAi.USAGE_EXACT,
            new long[] {7, 2, 9, -1, -1}),
        new Case(
            "chat tool-call deltas",
            GenAiApi.OPENAI_CHAT_COMPLETIONS,
            GenAiStreams.chatToolCalls(),
            "gpt-4o",
            2,
            List.of("tool_calls"),
            true,
            GenAi.USAGE_MISSING,
            new long[] {-1, -1, -1, -1, -1}),
        new Case(
            "chat cut before finish and usage",
            GenAiApi.OPENAI_CHAT_COMPLETIONS,
            GenAiStreams.chatCut(),
            "gpt-4o-mini-2024-07-18",
            2,
            List.of(),
            false,
            GenAi.USAGE_TRUNCATED,
            new long[] {-1, -1, -1, -1, -1}),
        new Case(
            "legacy completions",
            GenAiApi.OPENAI_COMPLETIONS,
            GenAiStreams.completions(),
            "gpt-3.5-turbo-instruct",
            1,
            List.of("length"),
            true,
            GenAi.USAGE_MISSING,
            new long[] {-1, -1, -1, -1, -1}),
        new Case(
            "responses API",
            GenAiApi.OPENAI_RESPONSES,
            GenAiStreams.responses(),
            "gpt-4.1-2025-04-14",
            2,
            List.of("completed"),
            true,
            GenAi.USAGE_EXACT,
            new long[] {36, 87, 123, 0, 0}),
        new Case(
            "anthropic messages",
            GenAiApi.ANTHROPIC_MESSAGES,
            GenAiStreams.anthropic(),
            "claude-sonnet-4-5-20250929",
            2,
            List.of("end_turn"),
            true,
            GenAi.USAGE_EXACT,
            new long[] {25, 15, -1, 5, -1}),
        new Case(
            "anthropic cut after message_start",
            GenAiApi.ANTHROPIC_MESSAGES,
            GenAiStreams.anthropic().substring(0, GenAiStreams.anthropic().indexOf("event: ping")),
            "claude-sonnet-4-5-20250929",
            0,
            List.of(),
            false,
            GenAi.USAGE_TRUNCATED,
            new long[] {25, 1, -1, 5, -1}));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void readsTheAllowListedFactsWhole(Case c) {
    check(c, run(c.api(), c.stream(), Integer.MAX_VALUE));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void readsTheSameFactsFedOneByteAtATime(Case c) {
    check(c, run(c.api(), c.stream(), 1));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void noCanaryReachesTheSummary(Case c) {
    String text = run(c.api(), c.stream(), 7).toString();
    for (String canary : GenAiStreams.CANARIES) {
      assertThat(text).doesNotContain(canary);
    }
  }

  @Test
  void mcpProgressNotificationsThenTheResult() {
    GenAi g = run(GenAiApi.MCP, GenAiStreams.mcpProgressThenResult(), 5);

    assertThat(g.rpcOutcome()).isEqualTo("result");
    assertThat(g.rpcId()).isNotNull().isNotEqualTo("42");
    assertThat(g.mcpNotifications()).isEqualTo(2);
    assertThat(g.mcpProgressNotifications()).isEqualTo(2);
    assertThat(g.completed()).isTrue();
    assertThat(g.outputChunks()).isZero();
    assertThat(g.usageStatus()).isNull();
  }

  @Test
  void mcpCutBeforeTheResult() {
    GenAi g = run(GenAiApi.MCP, GenAiStreams.mcpProgressOnly(), 5);

    assertThat(g.rpcOutcome()).isNull();
    assertThat(g.rpcId()).isNull();
    assertThat(g.completed()).isFalse();
    assertThat(g.mcpProgressNotifications()).isEqualTo(1);
  }

  @Test
  void roleOnlyDeltasKeepAlivesAndEmptyChoicesAreNotOutput() {
    String s =
        ": keep-alive\n\n"
            + GenAiStreams.CHAT_ROLE.replace("%USAGE_NULL%", "")
            + GenAiStreams.azurePromptFilter()
            + GenAiStreams.CHAT_USAGE;

    GenAi g = run(GenAiApi.OPENAI_CHAT_COMPLETIONS, s, 3);

    assertThat(g.outputChunks()).isZero();
    assertThat(g.timeToFirstTokenNanos()).isEqualTo(-1);
  }

  @Test
  void azureContentFilterAnnotationsAreNoticed() {
    String s = GenAiStreams.azurePromptFilter() + GenAiStreams.azureFiltered("CANARY-filter-1");

    GenAi g = run(GenAiApi.AZURE_OPENAI_CHAT_COMPLETIONS, s, Integer.MAX_VALUE);

    assertThat(g.contentFilter()).isTrue();
    assertThat(g.outputChunks()).isEqualTo(1);
    assertThat(g.model()).isEqualTo("gpt-4o-2024-11-20");
  }

  @Test
  void unreadableEventsAreCountedAndTheStreamGoesOn() {
    String s =
        "data: not json\n\n"
            + "data: {\"choices\":[{\"delta\":{\"content\":\"x\"}}\n\n" // unterminated
            + "data: {\"a\":1}}\n\n" // a stray close
            + "data: [DONE] and more\n\n"
            + GenAiStreams.chatChunk("CANARY-chat-1", "");

    GenAi g = run(GenAiApi.OPENAI_CHAT_COMPLETIONS, s, Integer.MAX_VALUE);

    assertThat(g.unreadableEvents()).isEqualTo(4);
    assertThat(g.outputChunks()).isEqualTo(1);
    assertThat(g.completed()).isFalse();
  }

  @Test
  void nestingBeyondTheLimitIsUnreadableNotFatal() {
    String deep = "[".repeat(100) + "]".repeat(100);
    String s = "data: {\"x\":" + deep + "}\n\n" + GenAiStreams.chatChunk("CANARY-chat-1", "");

    GenAi g = run(GenAiApi.OPENAI_CHAT_COMPLETIONS, s, Integer.MAX_VALUE);

    assertThat(g.unreadableEvents()).isEqualTo(1);
    assertThat(g.outputChunks()).isEqualTo(1);
  }

  @Test
  void aLongModelNameIsCutAt64BytesAndUnknownReasonsAreOther() {
    String model = "m".repeat(200);
    String s =
        "data: {\"model\":\""
            + model
            + "\",\"choices\":[{\"delta\":{},\"finish_reason\":\"CANARY-reason\"}]}\n\n";

    GenAi g = run(GenAiApi.OPENAI_CHAT_COMPLETIONS, s, Integer.MAX_VALUE);

    assertThat(g.model()).isEqualTo("m".repeat(64) + "\u2026");
    assertThat(g.finishReasons()).containsExactly("other");
    assertThat(g.toString()).doesNotContain("CANARY");
  }

  @Test
  void escapedQuotesInsideOutputDoNotEndTheString() {
    String s =
        "data: {\"choices\":[{\"delta\":{\"content\":\"a\\\"b\\\\\"},\"finish_reason\":\"stop\"}]}"
            + "\n\n"
            + GenAiStreams.DONE;

    GenAi g = run(GenAiApi.OPENAI_CHAT_COMPLETIONS, s, 1);

    assertThat(g.outputChunks()).isEqualTo(1);
    assertThat(g.finishReasons()).containsExactly("stop");
    assertThat(g.unreadableEvents()).isZero();
  }

  @Test
  void containersOffTheAllowListArePassedOverWholeBracketsInStringsIncluded() {
    String s =
        "data: {\"choices\":[{\"logprobs\":{\"content\":[{\"token\":\"CANARY-chat-1 ]}\\\" {[\","
            + "\"bytes\":[1,2],\"top\":[[{}]]}]},\"delta\":{\"content\":\"x\"},"
            + "\"finish_reason\":\"stop\"}],\"model\":\"m\"}\n\n";

    GenAi g = run(GenAiApi.OPENAI_CHAT_COMPLETIONS, s, 1);

    assertThat(g.unreadableEvents()).isZero();
    assertThat(g.outputChunks()).isEqualTo(1);
    assertThat(g.finishReasons()).containsExactly("stop");
    assertThat(g.model()).isEqualTo("m");
  }

  @Test
  void multiLineDataIsOneJsonValue() {
    String s = "data: {\"choices\":[{\"delta\":\ndata: {\"content\":\"CANARY-chat-1\"}}]}\n\n";

    GenAi g = run(GenAiApi.OPENAI_CHAT_COMPLETIONS, s, Integer.MAX_VALUE);

    assertThat(g.outputChunks()).isEqualTo(1);
    assertThat(g.unreadableEvents()).isZero();
  }

  @Test
  void theEndOfAStringIsFoundWhereverItFallsInAnEightByteStep() {
    for (int pad = 0; pad < 20; pad++) {
      for (String stop : new String[] {"\"", "\\\\\"", "\\\"x\""}) {
        String text = "CANARY-chat-1" + "a".repeat(pad) + stop.substring(0, stop.length() - 1);
        int at =
            GenAiScanner.quoteOrBackslash(text.getBytes(StandardCharsets.UTF_8), 0, text.length());
        int expected =
            Math.min(
                text.indexOf('"') < 0 ? text.length() : text.indexOf('"'),
                text.indexOf('\\') < 0 ? text.length() : text.indexOf('\\'));
        assertThat(at).as(text).isEqualTo(expected);
      }
      String s =
          "data: {\"choices\":[{\"delta\":{\"content\":\"CANARY-chat-1"
              + "b".repeat(pad)
              + "\\\"q\"},\"logprobs\":{\"t\":\""
              + "c".repeat(pad)
              + "\\\\\"}}],\"model\":\"m"
              + "d".repeat(pad)
              + "\"}\n\n";
      GenAi g = run(GenAiApi.OPENAI_CHAT_COMPLETIONS, s, Integer.MAX_VALUE);
      assertThat(g.unreadableEvents()).as("pad %d", pad).isZero();
      assertThat(g.outputChunks()).isEqualTo(1);
      assertThat(g.model()).isEqualTo("m" + "d".repeat(pad));
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void readsTheSameFactsWhereverTheBytesAreSplitInTwo(Case c) {
    // Whole tokens are read straight from the buffer, cut ones byte by byte: both must agree.
    String whole = runSplit(c.api(), c.stream().getBytes(StandardCharsets.UTF_8), 0).toString();
    byte[] b = c.stream().getBytes(StandardCharsets.UTF_8);
    for (int cut = 1; cut < b.length; cut++) {
      assertThat(runSplit(c.api(), b, cut).toString()).as("cut at %d", cut).isEqualTo(whole);
    }
  }

  @Test
  void keysQuotedInsideOutputAreText() {
    // Every allow-listed key spelled inside a string, escaped as JSON must escape it.
    String inside =
        "\\\"finish_reason\\\":\\\"stop\\\",\\\"model\\\":\\\"CANARY-chat-1\\\","
            + "\\\"usage\\\":{\\\"total_tokens\\\":9},\\\"error\\\":{}";
    String s =
        "data: {\"id\":\"c1\",\"choices\":[{\"delta\":{\"content\":\""
            + inside
            + "\"},\"finish_reason\":null}]}\n\n"
            + "data: {\"id\":\"c1\",\"choices\":[{\"delta\":{\"content\":\"\\\"finish_reason\\\":"
            + "\\\"length\\\"\"}}],\"model\":\"m\"}\n\n";
    for (int step : new int[] {1, 3, Integer.MAX_VALUE}) {
      GenAi g = run(GenAiApi.OPENAI_CHAT_COMPLETIONS, s, step);

      assertThat(g.finishReasons()).as("step %d", step).isEmpty();
      assertThat(g.model()).isEqualTo("m");
      assertThat(g.totalTokens()).isEqualTo(-1);
      assertThat(g.completed()).isFalse();
      assertThat(g.outputChunks()).isEqualTo(2);
      assertThat(g.unreadableEvents()).isZero();
    }
  }

  @Test
  void backslashRunsBeforeAQuoteDecideWhetherItEndsTheString() {
    // An even run of backslashes escapes itself and the quote ends the string; an odd run escapes
    // the quote, the string ends at the next one, and what follows is no longer JSON.
    for (int run = 0; run <= 6; run++) {
      for (int pad = 0; pad < 9; pad++) {
        String text = "CANARY-chat-1" + "x".repeat(pad) + "\\".repeat(run);
        String s =
            "data: {\"choices\":[{\"delta\":{\"content\":\""
                + text
                + "\",\"refusal\":\"\"},\"finish_reason\":\"stop\"}],\"model\":\"m\"}\n\n";
        GenAi g = run(GenAiApi.OPENAI_CHAT_COMPLETIONS, s, Integer.MAX_VALUE);
        if (run % 2 == 0) {
          assertThat(g.unreadableEvents()).as("run %d pad %d", run, pad).isZero();
          assertThat(g.finishReasons()).containsExactly("stop");
          assertThat(g.model()).isEqualTo("m");
        } else {
          // The quote is escaped: the string runs on and the event does not close.
          assertThat(g.unreadableEvents()).as("run %d pad %d", run, pad).isEqualTo(1);
          assertThat(g.finishReasons()).isEmpty();
          assertThat(g.model()).isNull();
        }
      }
    }
  }

  @Test
  void anEscapedQuoteJustBeforeAKeyKeepsItInsideTheString() {
    String s =
        "data: {\"choices\":[{\"delta\":{\"content\":\"CANARY-chat-1\\\",\\\"finish_reason\\\":"
            + "\\\"stop\\\"\"}}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":"
            + "\"CANARY-chat-2\\\\\",\"total_tokens\":5}}\n\n";
    for (int step : new int[] {1, 2, 5, Integer.MAX_VALUE}) {
      GenAi g = run(GenAiApi.OPENAI_CHAT_COMPLETIONS, s, step);

      assertThat(g.unreadableEvents()).as("step %d", step).isZero();
      assertThat(g.finishReasons()).isEmpty();
      assertThat(g.inputTokens()).isEqualTo(3);
      assertThat(g.outputTokens()).isEqualTo(-1);
      assertThat(g.totalTokens()).isEqualTo(5);
      assertThat(g.toString()).doesNotContain("CANARY");
    }
  }

  @Test
  void unreadableEventsAreCountedWhateverTheFeed() {
    String s =
        "data: {\"choices\":[{\"delta\":{\"content\":\"x\"}]}\n\n" // ] closes an object
            + "data: {\"choices\":[{\"delta\":{\"content\":\"x\"}}]} x\n\n" // bytes after the end
            + "data: {\"choices\" [1]}\n\n" // no colon
            + "data: {\"choices\":[1,]x}\n\n" // a stray byte
            + "data: {choices:[]}\n\n" // an unquoted key
            + "data: {\"a\":\"b\nc\"}\n\n" // a line end inside a string
            + "data: \"CANARY-chat-1\"\n\n" // not an object
            + GenAiStreams.chatChunk("CANARY-chat-2", "");
    for (int step : new int[] {1, 4, Integer.MAX_VALUE}) {
      GenAi g = run(GenAiApi.OPENAI_CHAT_COMPLETIONS, s, step);

      assertThat(g.unreadableEvents()).as("step %d", step).isEqualTo(7);
      assertThat(g.outputChunks()).isEqualTo(1);
    }
  }

  @Test
  void allowListedKeyNamesOffTheAllowListedPathsAreNotRead() {
    // Where an API puts keys that are not its own: legacy completions' top_logprobs are keyed by
    // tokens; a Responses API response echoes instructions, metadata and tool schemas, whose keys
    // are the caller's; an Anthropic tool_use block carries the tool's input object.
    String completions =
        "data: {\"id\":\"cmpl-1\",\"choices\":[{\"text\":\"CANARY-completion\",\"index\":0,"
            + "\"logprobs\":{\"tokens\":[\"CANARY-completion\"],\"top_logprobs\":[{\"finish_reason\":"
            + "-0.1,\"model\":-2.0}],\"text_offset\":[0]},\"finish_reason\":null}],"
            + "\"model\":\"gpt-3.5-turbo-instruct\"}\n\n";
    GenAi c = run(GenAiApi.OPENAI_COMPLETIONS, completions, Integer.MAX_VALUE);
    assertThat(c.model()).isEqualTo("gpt-3.5-turbo-instruct");
    assertThat(c.finishReasons()).isEmpty();
    assertThat(c.outputChunks()).isEqualTo(1);

    String response =
        "{\"id\":\"resp_1\",\"status\":\"%S\",\"instructions\":[{\"type\":\"message\",\"content\":"
            + "[{\"type\":\"input_text\",\"text\":\"CANARY-resp-1\"}]}],\"metadata\":{\"model\":"
            + "\"CANARY-resp-2\",\"status\":\"failed\",\"delta\":\"x\"},\"tools\":[{\"type\":\"function\","
            + "\"name\":\"f\",\"parameters\":{\"type\":\"object\",\"properties\":{\"usage\":{\"type\":"
            + "\"object\"},\"stop_reason\":{\"type\":\"string\"}}}}],\"model\":\"gpt-4.1\",\"usage\":%U}";
    String responses =
        "event: response.created\ndata: {\"type\":\"response.created\",\"response\":"
            + response.replace("%S", "in_progress").replace("%U", "null")
            + "}\n\n"
            + "event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":"
            + response
                .replace("%S", "completed")
                .replace("%U", "{\"input_tokens\":5,\"output_tokens\":0,\"total_tokens\":5}")
            + "}\n\n";
    GenAi r = run(GenAiApi.OPENAI_RESPONSES, responses, Integer.MAX_VALUE);
    assertThat(r.model()).isEqualTo("gpt-4.1");
    assertThat(r.finishReasons()).containsExactly("completed");
    assertThat(r.outputChunks()).isZero();
    assertThat(r.totalTokens()).isEqualTo(5);

    String anthropic =
        "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":1,"
            + "\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"CANARY-tool-name\","
            + "\"input\":{\"stop_reason\":\"CANARY-claude-1\",\"model\":\"CANARY-claude-2\"}}}\n\n"
            + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,"
            + "\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"stop_reason\\\": "
            + "\\\"CANARY-tool-args\\\"}\"}}\n\n"
            + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":"
            + "\"tool_use\"},\"usage\":{\"output_tokens\":7}}\n\n";
    GenAi a = run(GenAiApi.ANTHROPIC_MESSAGES, anthropic, Integer.MAX_VALUE);
    assertThat(a.model()).isNull();
    assertThat(a.finishReasons()).containsExactly("tool_use");
    assertThat(a.outputChunks()).isEqualTo(1);

    for (GenAi g : List.of(c, r, a)) {
      assertThat(g.unreadableEvents()).isZero();
      for (String canary : GenAiStreams.CANARIES) {
        assertThat(g.toString()).doesNotContain(canary);
      }
    }
  }

  /** Runs {@code stream} through a metadata parser fed in pieces of {@code step} bytes. */
  static GenAi run(GenAiApi api, String stream, int step) {
    GenAiStream g = new GenAiStream(api, List.of());
    long[] clock = {0};
    SseParser p =
        SseParser.metadataOnly(
            new SseParser.MetadataListener() {
              @Override
              public void onEvent(String type, String id, long dataBytes, int dataLines) {
                g.onEvent(clock[0]);
              }

              @Override
              public SseParser.DataObserver dataObserver() {
                return g.dataObserver();
              }
            },
            null);
    byte[] b = stream.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < b.length; i += step) {
      clock[0] += 1_000_000;
      p.feed(b, i, Math.min(step, b.length - i));
    }
    p.end();
    return g.summary(0, true, REDACTOR);
  }

  /** Runs {@code b} through a metadata parser fed in two pieces, cut at {@code cut}. */
  static GenAi runSplit(GenAiApi api, byte[] b, int cut) {
    GenAiStream g = new GenAiStream(api, List.of());
    long[] clock = {0};
    SseParser p =
        SseParser.metadataOnly(
            new SseParser.MetadataListener() {
              @Override
              public void onEvent(String type, String id, long dataBytes, int dataLines) {
                g.onEvent(clock[0]);
              }

              @Override
              public SseParser.DataObserver dataObserver() {
                return g.dataObserver();
              }
            },
            null);
    // One arrival time for both pieces, as for the whole stream fed at once.
    clock[0] = 1_000_000;
    p.feed(b, 0, cut);
    p.feed(b, cut, b.length - cut);
    p.end();
    return g.summary(0, true, REDACTOR);
  }

  private static void check(Case c, GenAi g) {
    assertThat(g.api()).isEqualTo(c.api().wireName());
    assertThat(g.model()).isEqualTo(c.model());
    assertThat(g.outputChunks()).as("output chunks").isEqualTo(c.outputChunks());
    assertThat(g.finishReasons()).as("finish reasons").isEqualTo(c.finishReasons());
    assertThat(g.completed()).as("completed").isEqualTo(c.completed());
    assertThat(g.usageStatus()).as("usage status").isEqualTo(c.usageStatus());
    assertThat(
            new long[] {
              g.inputTokens(),
              g.outputTokens(),
              g.totalTokens(),
              g.cachedTokens(),
              g.reasoningTokens()
            })
        .as("input, output, total, cached, reasoning")
        .containsExactly(c.usage());
    assertThat(g.unreadableEvents()).as("unreadable").isZero();
    if (c.outputChunks() > 0) {
      assertThat(g.timeToFirstTokenNanos()).isPositive();
    }
    if (!c.api().isMcp()) {
      assertThat(g.responseId()).isNotNull();
    }
  }
}
