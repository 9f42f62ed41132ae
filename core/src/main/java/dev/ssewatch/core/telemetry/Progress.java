package dev.ssewatch.core.telemetry;

/**
 * A periodic snapshot of a stream that is still open, so hour-long streams are visible before they
 * end.
 *
 * @param currentGapNanos time since the stream's last bytes on the wire
 * @param genAi what was read so far of a recognised LLM or MCP call, or null
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
    GenAi genAi)
    implements TelemetryRecord {

  /** A stream that is not a recognised LLM or MCP call. */
  public Progress(
      String streamId,
      long timestampMillis,
      long durationNanos,
      long events,
      long bytes,
      long comments,
      long heartbeats,
      long currentGapNanos,
      long largestGapNanos) {
    this(
        streamId,
        timestampMillis,
        durationNanos,
        events,
        bytes,
        comments,
        heartbeats,
        currentGapNanos,
        largestGapNanos,
        null);
  }

  @Override
  public String recordType() {
    return "progress";
  }
}
