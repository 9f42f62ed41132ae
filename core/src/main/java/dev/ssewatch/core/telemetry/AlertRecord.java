package dev.ssewatch.core.telemetry;

import dev.ssewatch.core.risk.Alert;

/**
 * A risk detector fired for a stream.
 *
 * @param source which side observed the stream, or null when not known
 * @param route the stream's route (proxy) or URL path (agent), or null when not known: with the
 *     source and the rule, what alerts are grouped by
 * @param traceIdHigh the first 8 bytes of the stream's trace id, or 0 when not known
 * @param traceIdLow the last 8 bytes of the stream's trace id, or 0 when not known
 * @param spanId the stream's span id, or 0 when not known
 */
public record AlertRecord(
    String streamId,
    long timestampMillis,
    Alert alert,
    StreamSource source,
    String route,
    long traceIdHigh,
    long traceIdLow,
    long spanId)
    implements TelemetryRecord {

  @Override
  public String recordType() {
    return "alert";
  }
}
