package dev.ssewatch.exporters.otel;

import io.opentelemetry.api.common.AttributeKey;
import java.util.List;

/**
 * Attribute keys of LLM token streams and MCP calls. Where OpenTelemetry's GenAI and MCP semantic
 * conventions (semantic-conventions v1.41.0, status Development) name a value, that name is used;
 * what they do not name is {@code sse.genai.*} or {@code sse.mcp.*}. Part of the documented
 * contract (docs/exporters.md).
 */
public final class GenAiAttributes {

  private GenAiAttributes() {}

  /** The semantic-conventions version these names follow. */
  public static final String SEMCONV_VERSION = "1.41.0";

  public static final AttributeKey<String> PROVIDER_NAME =
      AttributeKey.stringKey("gen_ai.provider.name");
  public static final AttributeKey<String> OPERATION_NAME =
      AttributeKey.stringKey("gen_ai.operation.name");
  public static final AttributeKey<Boolean> REQUEST_STREAM =
      AttributeKey.booleanKey("gen_ai.request.stream");
  public static final AttributeKey<String> RESPONSE_MODEL =
      AttributeKey.stringKey("gen_ai.response.model");

  /** Hashed like event ids (core's {@code ssewatch.event-id}). */
  public static final AttributeKey<String> RESPONSE_ID =
      AttributeKey.stringKey("gen_ai.response.id");

  public static final AttributeKey<List<String>> RESPONSE_FINISH_REASONS =
      AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");

  /** Seconds, as the convention defines it. */
  public static final AttributeKey<Double> RESPONSE_TIME_TO_FIRST_CHUNK =
      AttributeKey.doubleKey("gen_ai.response.time_to_first_chunk");

  public static final AttributeKey<Long> USAGE_INPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.input_tokens");
  public static final AttributeKey<Long> USAGE_OUTPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.output_tokens");

  /** On {@code gen_ai.client.token.usage}: {@code input} or {@code output}. */
  public static final AttributeKey<String> TOKEN_TYPE = AttributeKey.stringKey("gen_ai.token.type");

  public static final AttributeKey<String> API = AttributeKey.stringKey("sse.genai.api");
  public static final AttributeKey<Long> OUTPUT_CHUNKS =
      AttributeKey.longKey("sse.genai.output_chunks");
  public static final AttributeKey<Double> TIME_PER_OUTPUT_CHUNK_MS =
      AttributeKey.doubleKey("sse.genai.time_per_output_chunk_ms");

  /** {@code exact}, {@code missing} or {@code truncated}. */
  public static final AttributeKey<String> USAGE_STATUS =
      AttributeKey.stringKey("sse.genai.usage_status");

  public static final AttributeKey<Long> USAGE_TOTAL_TOKENS =
      AttributeKey.longKey("sse.genai.usage.total_tokens");
  public static final AttributeKey<Long> USAGE_CACHED_TOKENS =
      AttributeKey.longKey("sse.genai.usage.cached_tokens");
  public static final AttributeKey<Long> USAGE_REASONING_TOKENS =
      AttributeKey.longKey("sse.genai.usage.reasoning_tokens");
  public static final AttributeKey<Boolean> COMPLETED =
      AttributeKey.booleanKey("sse.genai.completed");
  public static final AttributeKey<Boolean> CONTENT_FILTER =
      AttributeKey.booleanKey("sse.genai.content_filter");
  public static final AttributeKey<Long> UNREADABLE_EVENTS =
      AttributeKey.longKey("sse.genai.unreadable_events");

  public static final AttributeKey<String> MCP_METHOD_NAME =
      AttributeKey.stringKey("mcp.method.name");
  public static final AttributeKey<String> MCP_PROTOCOL_VERSION =
      AttributeKey.stringKey("mcp.protocol.version");

  /** The {@code Mcp-Name} header of a {@code tools/call}: the tool. */
  public static final AttributeKey<String> TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");

  /** The {@code Mcp-Name} header of any other method (a prompt or resource). */
  public static final AttributeKey<String> MCP_NAME = AttributeKey.stringKey("sse.mcp.name");

  /** Whether the request carried {@code Mcp-Session-Id}; its value is not exported. */
  public static final AttributeKey<Boolean> MCP_SESSION =
      AttributeKey.booleanKey("sse.mcp.session");

  /** Hashed like event ids. */
  public static final AttributeKey<String> JSONRPC_REQUEST_ID =
      AttributeKey.stringKey("jsonrpc.request.id");

  /** {@code result}, {@code error} or {@code cancelled} (the stream ended first). */
  public static final AttributeKey<String> MCP_OUTCOME = AttributeKey.stringKey("sse.mcp.outcome");

  public static final AttributeKey<Long> MCP_PROGRESS_NOTIFICATIONS =
      AttributeKey.longKey("sse.mcp.progress_notifications");
}
