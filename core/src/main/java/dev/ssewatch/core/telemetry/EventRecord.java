package dev.ssewatch.core.telemetry;

/**
 * Metadata of one dispatched SSE event. There is deliberately no field for the data itself.
 *
 * @param seq 1-based position of the event in its stream
 * @param type the event type ({@code message} by default)
 * @param id the last-event-ID after this event, as the redaction settings allow: raw, hashed, or
 *     {@code null} when dropped or never set
 * @param dataBytes UTF-8 bytes of the event's data (after the final LF is removed)
 * @param dataLines number of {@code data} fields
 * @param gapSincePreviousEventNanos time since the previous event, or -1 for the first
 * @param gapSincePreviousByteNanos time since the previous bytes of this stream on the wire
 * @param writeToWireNanos time from the application's (agent) or backend's (proxy) write to the
 *     bytes reaching the client socket, or -1 when not known (yet)
 * @param traceIdHigh the first 8 bytes of the stream's trace id, or 0 when not known
 * @param traceIdLow the last 8 bytes of the stream's trace id, or 0 when not known
 * @param spanId the stream's span id, or 0 when not known
 */
public record EventRecord(
    String streamId,
    long timestampMillis,
    long seq,
    String type,
    String id,
    long dataBytes,
    int dataLines,
    long gapSincePreviousEventNanos,
    long gapSincePreviousByteNanos,
    long writeToWireNanos,
    long traceIdHigh,
    long traceIdLow,
    long spanId)
    implements TelemetryRecord {

  /** An event of a stream whose trace context is not known. */
  public EventRecord(
      String streamId,
      long timestampMillis,
      long seq,
      String type,
      String id,
      long dataBytes,
      int dataLines,
      long gapSincePreviousEventNanos,
      long gapSincePreviousByteNanos,
      long writeToWireNanos) {
    this(
        streamId,
        timestampMillis,
        seq,
        type,
        id,
        dataBytes,
        dataLines,
        gapSincePreviousEventNanos,
        gapSincePreviousByteNanos,
        writeToWireNanos,
        0,
        0,
        0);
  }

  @Override
  public String recordType() {
    return "event";
  }
}
