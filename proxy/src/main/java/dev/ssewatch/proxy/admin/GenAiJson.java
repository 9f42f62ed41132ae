package dev.ssewatch.proxy.admin;

import dev.ssewatch.core.telemetry.GenAi;
import dev.ssewatch.core.telemetry.JsonLines;
import java.util.List;

/**
 * The {@code genai} object of the admin listener's JSON: the content-free facts of an LLM token
 * stream or an MCP call, under the telemetry schema's names. Built from {@link GenAi} only, whose
 * fields are allow-listed scalars: there is no field for text, deltas, arguments or results.
 */
public final class GenAiJson {

  private GenAiJson() {}

  /** Appends {@code ,"genai":{…}}, or nothing when {@code g} is null (not an LLM or MCP call). */
  public static void append(GenAi g, StringBuilder b) {
    if (g == null) {
      return;
    }
    b.append(",\"genai\":{\"api\":");
    JsonLines.appendString(g.api(), b);
    b.append(",\"provider\":");
    JsonLines.appendString(g.provider(), b);
    b.append(",\"operation\":");
    JsonLines.appendString(g.operation(), b);
    b.append(",\"model\":");
    JsonLines.appendString(g.model(), b);
    b.append(",\"ttft_ms\":");
    JsonLines.appendMillis(g.timeToFirstTokenNanos(), b);
    b.append(",\"output_chunks\":").append(Math.max(0, g.outputChunks()));
    b.append(",\"time_per_output_chunk_ms\":");
    JsonLines.appendMillis(g.timePerOutputChunkNanos(), b);
    b.append(",\"finish_reasons\":[");
    List<String> reasons = g.finishReasons();
    for (int i = 0; i < reasons.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      JsonLines.appendString(reasons.get(i), b);
    }
    b.append("],\"completed\":").append(g.completed());
    b.append(",\"usage_status\":");
    JsonLines.appendString(g.usageStatus(), b);
    count(",\"input_tokens\":", g.inputTokens(), b);
    count(",\"output_tokens\":", g.outputTokens(), b);
    count(",\"total_tokens\":", g.totalTokens(), b);
    count(",\"cached_tokens\":", g.cachedTokens(), b);
    count(",\"reasoning_tokens\":", g.reasoningTokens(), b);
    b.append(",\"content_filter\":").append(g.contentFilter());
    b.append(",\"unreadable_events\":").append(Math.max(0, g.unreadableEvents()));
    b.append(",\"mcp_method\":");
    JsonLines.appendString(g.mcpMethod(), b);
    b.append(",\"mcp_name\":");
    JsonLines.appendString(g.mcpName(), b);
    b.append(",\"mcp_protocol_version\":");
    JsonLines.appendString(g.mcpProtocolVersion(), b);
    b.append(",\"rpc_outcome\":");
    JsonLines.appendString(g.rpcOutcome(), b);
    b.append(",\"mcp_notifications\":").append(Math.max(0, g.mcpNotifications()));
    b.append(",\"mcp_progress_notifications\":").append(Math.max(0, g.mcpProgressNotifications()));
    b.append('}');
  }

  /** A count, or null when unknown (negative), as in the records. */
  private static void count(String name, long v, StringBuilder b) {
    b.append(name);
    if (v < 0) {
      b.append("null");
    } else {
      b.append(v);
    }
  }
}
