package dev.ssewatch.core.telemetry;

import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.trace.TraceIds;
import java.util.List;

/**
 * A stream's response headers have been seen.
 *
 * @param url the request target with query values redacted
 * @param route the configured route (proxy) or the URL path (agent)
 * @param eventStream whether the response is {@code text/event-stream}
 * @param requestHeaders redacted request headers
 * @param responseHeaders redacted response headers
 * @param timeToHeadersNanos request start to response headers, or -1 when unknown
 * @param startEpochMillis when the request started
 * @param genAi the recognised LLM or MCP call (request side), or null
 * @param trace the exchange's trace context, or null when not known
 */
public record StreamStart(
    String streamId,
    long timestampMillis,
    StreamSource source,
    String method,
    String url,
    String route,
    int status,
    String contentType,
    boolean eventStream,
    List<Header> requestHeaders,
    List<Header> responseHeaders,
    long timeToHeadersNanos,
    long startEpochMillis,
    GenAi genAi,
    TraceIds trace)
    implements TelemetryRecord {

  public StreamStart {
    requestHeaders = List.copyOf(requestHeaders);
    responseHeaders = List.copyOf(responseHeaders);
  }

  @Override
  public String recordType() {
    return "stream_start";
  }
}
