package dev.ssewatch.core.genai;

/**
 * Realistic streams of each recognised API, in the shapes their documentation shows. Every piece of
 * model output, tool argument or tool result in them is a canary: a unique string that must never
 * reach a record.
 */
public final class GenAiStreams {

  private GenAiStreams() {}

  /** The canaries in these streams. */
  public static final String[] CANARIES = {
    "CANARY-chat-1",
    "CANARY-chat-2",
    "CANARY-tool-args",
    "CANARY-resp-1",
    "CANARY-resp-2",
    "CANARY-claude-1",
    "CANARY-claude-2",
    "CANARY-mcp-progress",
    "CANARY-mcp-result",
    "CANARY-filter-1",
    "CANARY-filter-2",
    "CANARY-completion",
    "CANARY-tool-name",
    "CANARY-reasoning",
  };

  public static final String CHAT_ROLE =
      "data: {\"id\":\"chatcmpl-AbC123\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
          + "\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_44709d6fcb\","
          + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
          + "\"logprobs\":null,\"finish_reason\":null}]%USAGE_NULL%}\n\n";

  public static String chatChunk(String text, String usageNull) {
    return "data: {\"id\":\"chatcmpl-AbC123\",\"object\":\"chat.completion.chunk\","
        + "\"created\":1700000000,\"model\":\"gpt-4o-mini-2024-07-18\","
        + "\"system_fingerprint\":\"fp_44709d6fcb\",\"choices\":[{\"index\":0,\"delta\":"
        + "{\"content\":\""
        + text
        + "\"},\"logprobs\":null,\"finish_reason\":null}]"
        + usageNull
        + "}\n\n";
  }

  public static final String CHAT_FINISH =
      "data: {\"id\":\"chatcmpl-AbC123\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
          + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"delta\":{},"
          + "\"logprobs\":null,\"finish_reason\":\"stop\"}]%USAGE_NULL%}\n\n";

  public static final String CHAT_USAGE =
      "data: {\"id\":\"chatcmpl-AbC123\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
          + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[],\"usage\":{\"prompt_tokens\":19,"
          + "\"completion_tokens\":10,\"total_tokens\":29,\"prompt_tokens_details\":"
          + "{\"cached_tokens\":3,\"audio_tokens\":0},\"completion_tokens_details\":"
          + "{\"reasoning_tokens\":4,\"audio_tokens\":0}}}\n\n";

  public static final String DONE = "data: [DONE]\n\n";

  /** Chat completions without include_usage: role, two chunks, finish, [DONE]. */
  public static String chatNoUsage() {
    return (CHAT_ROLE
            + chatChunk("CANARY-chat-1", "")
            + chatChunk("CANARY-chat-2", "")
            + CHAT_FINISH
            + DONE)
        .replace("%USAGE_NULL%", "");
  }

  /** With stream_options.include_usage: usage null on every chunk, then the empty-choices one. */
  public static String chatWithUsage() {
    return (CHAT_ROLE
            + chatChunk("CANARY-chat-1", ",\"usage\":null")
            + chatChunk("CANARY-chat-2", ",\"usage\":null")
            + CHAT_FINISH
            + CHAT_USAGE
            + DONE)
        .replace("%USAGE_NULL%", ",\"usage\":null");
  }

  /** Usage on the chunk that also finishes, with a non-empty choices array. */
  public static String chatUsageOnFinishChunk() {
    return CHAT_ROLE.replace("%USAGE_NULL%", "")
        + chatChunk("CANARY-chat-1", "")
        + "data: {\"id\":\"chatcmpl-AbC123\",\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,"
        + "\"delta\":{\"content\":\"CANARY-chat-2\"},\"finish_reason\":\"length\"}],\"usage\":"
        + "{\"prompt_tokens\":7,\"completion_tokens\":2,\"total_tokens\":9}}\n\n"
        + DONE;
  }

  /** Tool-call deltas: the name, then arguments in pieces, finish tool_calls. */
  public static String chatToolCalls() {
    String head =
        "data: {\"id\":\"chatcmpl-T1\",\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":";
    return head
        + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_1\","
        + "\"type\":\"function\",\"function\":{\"name\":\"CANARY-tool-name\",\"arguments\":\"\"}}]},"
        + "\"finish_reason\":null}]}\n\n"
        + head
        + "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"q\\\":\\\"CANARY-tool-args"
        + "\\\"}\"}}]},\"finish_reason\":null}]}\n\n"
        + head
        + "{},\"finish_reason\":\"tool_calls\"}]}\n\n"
        + DONE;
  }

  /** Chat cut after two chunks: no finish, no usage, no [DONE]. */
  public static String chatCut() {
    return (CHAT_ROLE
            + chatChunk("CANARY-chat-1", ",\"usage\":null")
            + chatChunk("CANARY-chat-2", ",\"usage\":null"))
        .replace("%USAGE_NULL%", ",\"usage\":null");
  }

  /** Legacy completions. */
  public static String completions() {
    return "data: {\"id\":\"cmpl-9\",\"object\":\"text_completion\",\"created\":1,\"choices\":"
        + "[{\"text\":\"CANARY-completion\",\"index\":0,\"logprobs\":null,\"finish_reason\":null}],"
        + "\"model\":\"gpt-3.5-turbo-instruct\"}\n\n"
        + "data: {\"id\":\"cmpl-9\",\"choices\":[{\"text\":\"\",\"index\":0,\"finish_reason\":"
        + "\"length\"}],\"model\":\"gpt-3.5-turbo-instruct\"}\n\n"
        + DONE;
  }

  /** Responses API: created, in_progress, deltas, done events, completed with usage. */
  public static String responses() {
    String resp =
        "{\"id\":\"resp_67ccd2bed1ec8190\",\"object\":\"response\",\"created_at\":1741476542,"
            + "\"status\":\"%S\",\"model\":\"gpt-4.1-2025-04-14\",\"output\":[],\"usage\":%U}";
    return "event: response.created\ndata: {\"type\":\"response.created\",\"sequence_number\":0,"
        + "\"response\":"
        + resp.replace("%S", "in_progress").replace("%U", "null")
        + "}\n\n"
        + "event: response.output_item.added\ndata: {\"type\":\"response.output_item.added\","
        + "\"output_index\":0,\"item\":{\"id\":\"msg_1\",\"type\":\"message\",\"status\":"
        + "\"in_progress\",\"content\":[],\"role\":\"assistant\"}}\n\n"
        + "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\","
        + "\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"delta\":\"CANARY-resp-1\"}"
        + "\n\n"
        + "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\","
        + "\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"delta\":\"CANARY-resp-2\"}"
        + "\n\n"
        + "event: response.output_text.done\ndata: {\"type\":\"response.output_text.done\","
        + "\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"text\":"
        + "\"CANARY-resp-1CANARY-resp-2\"}\n\n"
        + "event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":"
        + resp.replace("%S", "completed")
            .replace(
                "\"output\":[]",
                "\"output\":[{\"type\":\"message\",\"content\":[{\"type\":"
                    + "\"output_text\",\"text\":\"CANARY-resp-1CANARY-resp-2\"}]}]")
            .replace(
                "%U",
                "{\"input_tokens\":36,\"input_tokens_details\":{\"cached_tokens\":0},"
                    + "\"output_tokens\":87,\"output_tokens_details\":{\"reasoning_tokens\":0},"
                    + "\"total_tokens\":123}")
        + "}\n\n";
  }

  /** Anthropic Messages: message_start … message_stop, with a ping. */
  public static String anthropic() {
    return "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":"
        + "\"msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY\",\"type\":\"message\",\"role\":\"assistant\","
        + "\"content\":[],\"model\":\"claude-sonnet-4-5-20250929\",\"stop_reason\":null,"
        + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":25,\"cache_read_input_tokens\":5,"
        + "\"output_tokens\":1}}}\n\n"
        + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
        + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
        + "event: ping\ndata: {\"type\": \"ping\"}\n\n"
        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
        + "\"delta\":{\"type\":\"text_delta\",\"text\":\"CANARY-claude-1\"}}\n\n"
        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
        + "\"delta\":{\"type\":\"text_delta\",\"text\":\"CANARY-claude-2\"}}\n\n"
        + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
        + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":"
        + "\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":15}}\n\n"
        + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
  }

  /** Azure OpenAI with the default content filter: annotations on every chunk. */
  public static String azureFiltered(String text) {
    return "data: {\"choices\":[{\"content_filter_results\":{\"hate\":{\"filtered\":false,"
        + "\"severity\":\"safe\"}},\"delta\":{\"content\":\""
        + text
        + "\"},\"finish_reason\":null,\"index\":0}],\"created\":1,\"id\":\"chatcmpl-Az\","
        + "\"model\":\"gpt-4o-2024-11-20\",\"object\":\"chat.completion.chunk\"}\n\n";
  }

  public static String azurePromptFilter() {
    return "data: {\"choices\":[],\"created\":0,\"id\":\"\",\"model\":\"\",\"object\":\"\","
        + "\"prompt_filter_results\":[{\"prompt_index\":0,\"content_filter_results\":{}}]}\n\n";
  }

  /** An MCP tools/call answered on an SSE stream: two progress notifications, then the result. */
  public static String mcpProgressThenResult() {
    return "id: 1\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":"
        + "{\"progressToken\":\"t1\",\"progress\":1,\"total\":2,\"message\":"
        + "\"CANARY-mcp-progress\"}}\n\n"
        + "id: 2\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":"
        + "{\"progressToken\":\"t1\",\"progress\":2,\"total\":2}}\n\n"
        + "id: 3\ndata: {\"jsonrpc\":\"2.0\",\"id\":42,\"result\":{\"content\":[{\"type\":\"text\","
        + "\"text\":\"CANARY-mcp-result\"}],\"isError\":false}}\n\n";
  }

  public static String mcpProgressOnly() {
    return "id: 1\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":"
        + "{\"progressToken\":\"t1\",\"progress\":1,\"total\":2,\"message\":"
        + "\"CANARY-mcp-progress\"}}\n\n";
  }
}
