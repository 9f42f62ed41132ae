package dev.ssewatch.core.telemetry;

/**
 * A stream ended. Carries the request line and status again so an exporter can describe the whole
 * exchange from this one record.
 *
 * @param timeToFirstEventNanos request start to the first dispatched event, or -1 if none came
 * @param bytes response body bytes seen (event stream or not)
 * @param comments comment lines seen, the server's own heartbeats included
 * @param heartbeats heartbeats injected by the proxy (always 0 for the agent)
 * @param largestGapNanos the longest silence between bytes on the wire
 * @param genAi what was read of a recognised LLM or MCP call, or null
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
    GenAi genAi)
    implements TelemetryRecord {

  /** A stream that is not a recognised LLM or MCP call. */
  public StreamEnd(
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
      CloseReason closeReason) {
    this(
        streamId,
        timestampMillis,
        source,
        method,
        url,
        route,
        status,
        eventStream,
        startEpochMillis,
        durationNanos,
        timeToFirstEventNanos,
        events,
        bytes,
        comments,
        heartbeats,
        largestGapNanos,
        closeReason,
        null);
  }

  @Override
  public String recordType() {
    return "stream_end";
  }
}
