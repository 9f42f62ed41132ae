package dev.ssewatch.core.risk;

/**
 * The end of a recognised LLM token stream or MCP call: whether it ended before its API's end
 * ({@code truncated_completion}, {@code mcp_call_cancelled}) and whether a completed completion
 * came without its usage ({@code usage_missing}). Runs once per such stream, at its end.
 */
public final class GenAiEndDetector {

  private GenAiEndDetector() {}

  /**
   * An LLM stream that ended without {@code [DONE]}, a terminal event or a finish reason.
   *
   * @param closeReason the close reason's wire name
   * @param outputChunks events with model output before the end
   * @param finalGapNanos the silence between the last bytes on the wire and the end
   */
  public static Alert truncated(
      String api, String closeReason, long outputChunks, long finalGapNanos, RiskSettings s) {
    boolean idleKill =
        finalGapNanos >= (long) (s.idleBudgetNanos() * IdleKillDetector.KILL_FRACTION);
    return new Alert(
        AlertKind.TRUNCATED_COMPLETION,
        "no_terminal_event",
        Severity.WARNING,
        api
            + " stream ended ("
            + closeReason
            + ") after "
            + outputChunks
            + " output chunks without its end ([DONE], a terminal event or a finish reason);"
            + " final silence "
            + Figures.duration(finalGapNanos)
            + (idleKill ? ", close to the " + Figures.budget(s) : ""),
        idleKill
            ? "The stream was probably cut by an idle timeout while the model was thinking: send"
                + " keep-alive comments or raise the idle timeout on every hop."
            : "The client saw a partial answer: check the backend's and every proxy's response"
                + " timeouts, and whether the client retries truncated completions.");
  }

  /** An LLM stream that completed without the usage its API can send. */
  public static Alert usageMissing(String api) {
    return new Alert(
        AlertKind.USAGE_MISSING,
        "no_usage_in_stream",
        Severity.INFO,
        api + " stream completed without a usage report",
        "Ask for usage in the stream (OpenAI: stream_options.include_usage=true); without it"
            + " token counts downstream, API Management's included, are estimates.");
  }

  /**
   * An MCP response stream that ended before the JSON-RPC response to its request.
   *
   * @param method the {@code Mcp-Method} header, or null
   * @param name the {@code Mcp-Name} header, or null
   */
  public static Alert mcpCancelled(
      String method,
      String name,
      String closeReason,
      long progressNotifications,
      long finalGapNanos,
      RiskSettings s) {
    boolean idle = finalGapNanos >= (long) (s.idleBudgetNanos() * IdleKillDetector.KILL_FRACTION);
    String call = (method == null ? "MCP call" : method) + (name == null ? "" : " (" + name + ")");
    return new Alert(
        AlertKind.MCP_CALL_CANCELLED,
        idle ? "cut_after_silence" : "cut_before_result",
        Severity.WARNING,
        call
            + " response stream ended ("
            + closeReason
            + ") before its JSON-RPC result, after "
            + progressNotifications
            + " progress notifications; final silence "
            + Figures.duration(finalGapNanos)
            + (idle ? ", close to the " + Figures.budget(s) : ""),
        idle
            ? "Closing an MCP response stream cancels the request: send progress notifications"
                + " or keep-alive comments well inside the idle budget during long tool calls."
            : "Closing an MCP response stream cancels the request: check the response timeouts"
                + " of every hop, and let the client resume with Last-Event-ID.");
  }
}
