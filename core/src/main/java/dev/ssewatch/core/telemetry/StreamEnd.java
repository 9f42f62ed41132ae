package dev.ssewatch.core.telemetry;

import dev.ssewatch.core.trace.TraceIds;
import java.util.List;

/**
 * A stream ended. Carries the request line and status again so an exporter can describe the whole
 * exchange from this one record.
 *
 * @param timeToFirstEventNanos request start to the first dispatched event, or -1 if none came
 * @param bytes response body bytes seen (event stream or not)
 * @param comments comment lines seen, the server's own heartbeats included
 * @param heartbeats heartbeats injected by the proxy (always 0 for the agent)
 * @param largestGapNanos the longest silence between bytes on the wire
 * @param closeDetail what exactly ended the stream, in a few words of the recorder's own (e.g.
 *     {@code backend TLS: certificate expired}), or {@code null}; never taken from the stream
 * @param alertRules the rules this stream's alerts fired, in the order they fired: complete even
 *     when the alert records themselves were summarised
 * @param genAi what was read of a recognised LLM or MCP call, or null
 * @param trace the exchange's trace context, or null when not known
 */
public record StreamEnd(
    String streamId,
    long timestampMillis,
    StreamSource source,
    String method,
    String url,
    String route,
    int status,
    boolean eventStream,
    long startEpochMillis,
    long durationNanos,
    long timeToFirstEventNanos,
    long events,
    long bytes,
    long comments,
    long heartbeats,
    long largestGapNanos,
    CloseReason closeReason,
    String closeDetail,
    List<String> alertRules,
    GenAi genAi,
    TraceIds trace)
    implements TelemetryRecord {

  public StreamEnd {
    alertRules = alertRules == null ? List.of() : List.copyOf(alertRules);
  }

  @Override
  public String recordType() {
    return "stream_end";
  }
}
