package dev.ssewatch.core.telemetry;

import dev.ssewatch.core.risk.Alert;

/**
 * A risk detector fired for a stream.
 *
 * @param source which side observed the stream, or null when not known
 * @param route the stream's route (proxy) or URL path (agent), or null when not known: with the
 *     source and the rule, what alerts are grouped by
 */
public record AlertRecord(
    String streamId, long timestampMillis, Alert alert, StreamSource source, String route)
    implements TelemetryRecord {

  /** An alert whose source and route are not known. */
  public AlertRecord(String streamId, long timestampMillis, Alert alert) {
    this(streamId, timestampMillis, alert, null, null);
  }

  @Override
  public String recordType() {
    return "alert";
  }
}
