package dev.ssewatch.core.telemetry;

/**
 * A periodic snapshot of a stream that is still open, so hour-long streams are visible before they
 * end.
 *
 * @param currentGapNanos time since the stream's last bytes on the wire
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
    long largestGapNanos)
    implements TelemetryRecord {

  @Override
  public String recordType() {
    return "progress";
  }
}
