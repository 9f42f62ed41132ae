package dev.ssewatch.core.telemetry;

import java.util.List;

/**
 * What ssewatch knows of an LLM token stream or an MCP call, on {@code stream_start} (the request
 * side only), {@code progress} and {@code stream_end}: allow-listed scalars read from the stream,
 * never text, deltas, arguments, tool input or output. Unknown counts and times are -1, unknown
 * strings null.
 *
 * @param api the recognised API ({@code openai.chat_completions}, {@code anthropic.messages},
 *     {@code mcp}, …)
 * @param provider {@code gen_ai.provider.name} ({@code openai}, {@code azure.ai.openai}, {@code
 *     anthropic}); null for MCP
 * @param operation {@code gen_ai.operation.name} ({@code chat}, {@code text_completion}); null for
 *     MCP
 * @param model the model the response names, at most 64 bytes (longer ends in …)
 * @param responseId the response id, hashed like event ids
 * @param timeToFirstTokenNanos request start to the first event carrying model output
 * @param outputChunks events that carried model output
 * @param timePerOutputChunkNanos mean time between output chunks after the first
 * @param outputChunkGaps every gap between output chunks after the first, as a fixed histogram with
 *     exact sums; on {@code stream_end} only, null before two output chunks
 * @param finishReasons the documented finish or stop reasons seen ({@code other} for any else)
 * @param completed whether the stream reached its API's end: {@code [DONE]}, a terminal event or a
 *     finish reason
 * @param usageStatus {@code exact} (the stream's own final usage arrived), {@code missing} (it
 *     completed without one), {@code truncated} (it ended before its end); null while open
 * @param unreadableEvents events whose data the scanner could not read (not JSON, too deep)
 * @param mcpMethod the {@code Mcp-Method} request header
 * @param mcpName the {@code Mcp-Name} request header (the tool, prompt or resource)
 * @param mcpProtocolVersion the {@code MCP-Protocol-Version} request header
 * @param mcpSession whether the request carried {@code Mcp-Session-Id}
 * @param rpcId the JSON-RPC id of the response, hashed like event ids
 * @param rpcOutcome {@code result} or {@code error} when the JSON-RPC response arrived, else null
 * @param mcpNotifications JSON-RPC notifications on the response stream
 * @param mcpProgressNotifications of which {@code notifications/progress}
 */
public record GenAi(
    String api,
    String provider,
    String operation,
    String model,
    String responseId,
    long timeToFirstTokenNanos,
    long outputChunks,
    long timePerOutputChunkNanos,
    ChunkGaps outputChunkGaps,
    List<String> finishReasons,
    boolean completed,
    String usageStatus,
    long inputTokens,
    long outputTokens,
    long totalTokens,
    long cachedTokens,
    long reasoningTokens,
    boolean contentFilter,
    long unreadableEvents,
    String mcpMethod,
    String mcpName,
    String mcpProtocolVersion,
    boolean mcpSession,
    String rpcId,
    String rpcOutcome,
    long mcpNotifications,
    long mcpProgressNotifications) {

  public static final String USAGE_EXACT = "exact";
  public static final String USAGE_MISSING = "missing";
  public static final String USAGE_TRUNCATED = "truncated";

  public GenAi {
    finishReasons = List.copyOf(finishReasons);
  }

  public boolean isMcp() {
    return "mcp".equals(api);
  }
}
