package dev.ssewatch.core.telemetry;

/**
 * A periodic snapshot of a stream that is still open, so hour-long streams are visible before they
 * end.
 *
 * @param currentGapNanos time since the stream's last bytes on the wire
 * @param genAi what was read so far of a recognised LLM or MCP call, or null
 * @param traceIdHigh the first 8 bytes of the stream's trace id, or 0 when not known
 * @param traceIdLow the last 8 bytes of the stream's trace id, or 0 when not known
 * @param spanId the stream's span id, or 0 when not known
 */
public record Progress(
    String streamId,
    long timestampMillis,
    long durationNanos,
    long events,
    long bytes,
    long comments,
    long heartbeats,
    long currentGapNanos,
    long largestGapNanos,
    GenAi genAi,
    long traceIdHigh,
    long traceIdLow,
    long spanId)
    implements TelemetryRecord {

  @Override
  public String recordType() {
    return "progress";
  }
}
