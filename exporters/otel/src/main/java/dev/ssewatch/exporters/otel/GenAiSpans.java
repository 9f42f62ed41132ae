package dev.ssewatch.exporters.otel;

import dev.ssewatch.core.telemetry.GenAi;
import io.opentelemetry.api.common.AttributesBuilder;

/** The span attributes of an LLM token stream or MCP call (see {@link GenAiAttributes}). */
final class GenAiSpans {

  private GenAiSpans() {}

  /** What the request side tells, on the span's start. */
  static void atStart(AttributesBuilder ab, GenAi g, boolean eventStream) {
    ab.put(GenAiAttributes.API, g.api());
    if (g.isMcp()) {
      putIfSet(ab, GenAiAttributes.MCP_METHOD_NAME, g.mcpMethod());
      putIfSet(ab, GenAiAttributes.MCP_PROTOCOL_VERSION, g.mcpProtocolVersion());
      putIfSet(ab, GenAiMetrics.nameKey(g), g.mcpName());
      ab.put(GenAiAttributes.MCP_SESSION, g.mcpSession());
      return;
    }
    putIfSet(ab, GenAiAttributes.PROVIDER_NAME, g.provider());
    putIfSet(ab, GenAiAttributes.OPERATION_NAME, g.operation());
    ab.put(GenAiAttributes.REQUEST_STREAM, eventStream);
  }

  /** Everything, on the span's end. */
  static void atEnd(AttributesBuilder ab, GenAi g, boolean eventStream) {
    atStart(ab, g, eventStream);
    if (g.isMcp()) {
      ab.put(GenAiAttributes.MCP_OUTCOME, GenAiMetrics.outcome(g));
      putIfSet(ab, GenAiAttributes.JSONRPC_REQUEST_ID, g.rpcId());
      ab.put(GenAiAttributes.MCP_PROGRESS_NOTIFICATIONS, g.mcpProgressNotifications());
      return;
    }
    putIfSet(ab, GenAiAttributes.RESPONSE_MODEL, g.model());
    putIfSet(ab, GenAiAttributes.RESPONSE_ID, g.responseId());
    if (!g.finishReasons().isEmpty()) {
      ab.put(GenAiAttributes.RESPONSE_FINISH_REASONS, g.finishReasons());
    }
    if (g.timeToFirstTokenNanos() >= 0) {
      ab.put(GenAiAttributes.RESPONSE_TIME_TO_FIRST_CHUNK, g.timeToFirstTokenNanos() / 1e9);
    }
    ab.put(GenAiAttributes.OUTPUT_CHUNKS, g.outputChunks());
    if (g.timePerOutputChunkNanos() >= 0) {
      ab.put(GenAiAttributes.TIME_PER_OUTPUT_CHUNK_MS, g.timePerOutputChunkNanos() / 1e6);
    }
    putIfSet(ab, GenAiAttributes.USAGE_STATUS, g.usageStatus());
    putCount(ab, GenAiAttributes.USAGE_INPUT_TOKENS, g.inputTokens());
    putCount(ab, GenAiAttributes.USAGE_OUTPUT_TOKENS, g.outputTokens());
    putCount(ab, GenAiAttributes.USAGE_TOTAL_TOKENS, g.totalTokens());
    putCount(ab, GenAiAttributes.USAGE_CACHED_TOKENS, g.cachedTokens());
    putCount(ab, GenAiAttributes.USAGE_REASONING_TOKENS, g.reasoningTokens());
    ab.put(GenAiAttributes.COMPLETED, g.completed());
    ab.put(GenAiAttributes.CONTENT_FILTER, g.contentFilter());
    if (g.unreadableEvents() > 0) {
      ab.put(GenAiAttributes.UNREADABLE_EVENTS, g.unreadableEvents());
    }
  }

  private static void putIfSet(
      AttributesBuilder ab, io.opentelemetry.api.common.AttributeKey<String> key, String v) {
    if (v != null) {
      ab.put(key, v);
    }
  }

  private static void putCount(
      AttributesBuilder ab, io.opentelemetry.api.common.AttributeKey<Long> key, long v) {
    if (v >= 0) {
      ab.put(key, v);
    }
  }
}
