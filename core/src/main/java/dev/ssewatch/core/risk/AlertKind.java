package dev.ssewatch.core.risk;

/** What an alert is about. The wire name is the {@code kind} field every exporter uses. */
public enum AlertKind {
  /** Something holds events back instead of forwarding them as they are written. */
  BUFFERING("buffering"),
  /** A silence on the wire approaches the idle budget of an intermediary. */
  IDLE_TIMEOUT_RISK("idle_timeout_risk"),
  /** A stream died after a silence close to the idle budget: probably killed by an intermediary. */
  LIKELY_IDLE_KILL("likely_idle_kill"),
  /** A long-lived stream sends no comments or heartbeats to keep intermediaries from timing out. */
  NO_HEARTBEATS("no_heartbeats"),
  /** An LLM token stream ended before its API's end: the user saw half an answer. */
  TRUNCATED_COMPLETION("truncated_completion"),
  /** An LLM token stream completed without its own usage report: downstream counts are guesses. */
  USAGE_MISSING("usage_missing"),
  /** An MCP response stream ended before its JSON-RPC result: closing it cancelled the call. */
  MCP_CALL_CANCELLED("mcp_call_cancelled"),
  /** Events released in blocks by Azure OpenAI's content filter, not by a buffering proxy. */
  CONTENT_FILTER_BLOCKS("content_filter_blocks");

  private final String wireName;

  AlertKind(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
