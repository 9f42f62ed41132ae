package dev.ssewatch.core.telemetry;

import dev.ssewatch.core.risk.Alert;

/** A risk detector fired for a stream. */
public record AlertRecord(String streamId, long timestampMillis, Alert alert)
    implements TelemetryRecord {

  @Override
  public String recordType() {
    return "alert";
  }
}
