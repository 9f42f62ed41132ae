package dev.ssewatch.core.telemetry;

/**
 * The dispatcher had to drop records because its queue was full: the loss is itself reported.
 *
 * @param dropped records dropped since the previous report
 * @param droppedTotal records dropped since start
 */
public record TelemetryDropped(long timestampMillis, long dropped, long droppedTotal)
    implements TelemetryRecord {

  @Override
  public String recordType() {
    return "telemetry_dropped";
  }

  @Override
  public String streamId() {
    return null;
  }
}
