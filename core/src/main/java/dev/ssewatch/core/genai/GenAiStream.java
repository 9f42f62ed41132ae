package dev.ssewatch.core.genai;

import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.http.Headers;
import dev.ssewatch.core.redact.Redactor;
import dev.ssewatch.core.sse.SseParser;
import dev.ssewatch.core.telemetry.GenAi;
import java.util.List;

/**
 * One recognised LLM or MCP exchange: the request-side facts, the allow-list scanner its parser
 * feeds, and the output timing. Made by the recorder when the request is recognised; called under
 * the recorder's lock only.
 */
public final class GenAiStream {

  /** Characters kept of an MCP header value. */
  static final int HEADER_LIMIT = 128;

  private final GenAiApi api;
  private final String mcpMethod;
  private final String mcpName;
  private final String mcpProtocolVersion;
  private final boolean mcpSession;
  private final GenAiScanner scanner;

  private long firstOutputNanos = -1;
  private long lastOutputNanos = -1;
  private long outputChunks;
  private ChunkGapHistogram gaps; // from the second output chunk on

  /**
   * @param redactedRequestHeaders the request headers after redaction: MCP values are read from
   *     what may be recorded
   */
  public GenAiStream(GenAiApi api, List<Header> redactedRequestHeaders) {
    this.api = api;
    this.scanner = new GenAiScanner(api.isMcp());
    this.mcpMethod = header(redactedRequestHeaders, "Mcp-Method");
    this.mcpName = header(redactedRequestHeaders, "Mcp-Name");
    this.mcpProtocolVersion = header(redactedRequestHeaders, "MCP-Protocol-Version");
    this.mcpSession = Headers.contains(redactedRequestHeaders, "Mcp-Session-Id");
  }

  public GenAiApi api() {
    return api;
  }

  /** What the parser lends the data bytes to. */
  public SseParser.DataObserver dataObserver() {
    return scanner;
  }

  /** An event was dispatched at {@code nanoTime} (its bytes' arrival), after the scanner saw it. */
  public void onEvent(long nanoTime) {
    if (scanner.lastOutput) {
      if (firstOutputNanos < 0) {
        firstOutputNanos = nanoTime;
      } else {
        if (gaps == null) {
          gaps = new ChunkGapHistogram();
        }
        gaps.add(nanoTime - lastOutputNanos);
      }
      lastOutputNanos = nanoTime;
      outputChunks++;
    }
  }

  /** Whether model output has been seen yet (the first token). */
  public boolean hasFirstToken() {
    return firstOutputNanos >= 0;
  }

  /** Whether the stream's events carry Azure OpenAI content filter annotations. */
  public boolean contentFilterAnnotated() {
    return scanner.facts.contentFilter;
  }

  /** Whether the stream reached its API's end ({@code [DONE]}, a terminal event, a reason). */
  public boolean completed() {
    GenAiFacts f = scanner.facts;
    return api.isMcp() ? f.rpcResult || f.rpcError : f.completed();
  }

  /** Whether the stream's own final usage arrived. */
  public boolean usageExact() {
    return scanner.facts.usageFinal;
  }

  /** Whether the JSON-RPC response (result or error) arrived. */
  public boolean rpcAnswered() {
    return scanner.facts.rpcResult || scanner.facts.rpcError;
  }

  public String mcpMethod() {
    return mcpMethod;
  }

  public String mcpName() {
    return mcpName;
  }

  /** The request side only, for {@code stream_start}. */
  public GenAi atStart() {
    return new GenAi(
        api.wireName(),
        api.provider(),
        api.operation(),
        null,
        null,
        -1,
        0,
        -1,
        null,
        List.of(),
        false,
        null,
        -1,
        -1,
        -1,
        -1,
        -1,
        false,
        0,
        mcpMethod,
        mcpName,
        mcpProtocolVersion,
        mcpSession,
        null,
        null,
        0,
        0);
  }

  /**
   * Everything known so far.
   *
   * @param ended whether the stream has ended (decides {@code usage_status}; only an ended stream
   *     carries its chunk gap histogram)
   */
  public GenAi summary(long startNanos, boolean ended, Redactor redactor) {
    GenAiFacts f = scanner.facts;
    long ttft = firstOutputNanos < 0 ? -1 : Math.max(0, firstOutputNanos - startNanos);
    long perChunk =
        outputChunks < 2
            ? -1
            : Math.max(0, lastOutputNanos - firstOutputNanos) / (outputChunks - 1);
    String usageStatus;
    if (api.isMcp()) {
      usageStatus = null;
    } else if (f.usageFinal) {
      usageStatus = GenAi.USAGE_EXACT;
    } else if (!ended) {
      usageStatus = null;
    } else {
      usageStatus = f.completed() ? GenAi.USAGE_MISSING : GenAi.USAGE_TRUNCATED;
    }
    return new GenAi(
        api.wireName(),
        api.provider(),
        api.operation(),
        f.modelName(),
        hashed(redactor, f.responseId, f.responseIdLen),
        ttft,
        outputChunks,
        perChunk,
        ended && gaps != null ? gaps.snapshot() : null,
        FinishReason.names(f.finishReasons),
        completed(),
        usageStatus,
        f.usage[UsageField.INPUT],
        f.usage[UsageField.OUTPUT],
        f.usage[UsageField.TOTAL],
        f.usage[UsageField.CACHED],
        f.usage[UsageField.REASONING],
        f.contentFilter,
        f.unreadableEvents,
        mcpMethod,
        mcpName,
        mcpProtocolVersion,
        mcpSession,
        hashed(redactor, f.rpcId, f.rpcIdLen),
        f.rpcResult ? "result" : f.rpcError ? "error" : null,
        f.notifications,
        f.progressNotifications);
  }

  /** An id hashed (or dropped, or kept) as the event-id setting says; null when none was seen. */
  private static String hashed(Redactor redactor, byte[] b, int len) {
    if (len <= 0) {
      return null;
    }
    int n = Math.min(len, b.length);
    return redactor.eventIdOfUtf8(b, 0, n);
  }

  private static String header(List<Header> headers, String name) {
    String v = Headers.first(headers, name);
    if (v == null) {
      return null;
    }
    v = v.trim();
    return v.length() > HEADER_LIMIT ? v.substring(0, HEADER_LIMIT) + "\u2026" : v;
  }
}
