package dev.ssewatch.core.telemetry;

import dev.ssewatch.core.risk.Alert;

/**
 * Repeats of one cause that were counted instead of exported: the alerts of one (source, route,
 * rule, severity) raised within one grouping window after the first, which went out on its own.
 * Belongs to no single stream, so {@link #streamId()} is null.
 *
 * @param timestampMillis when the window closed and this summary was made
 * @param source which side observed the streams, or null when not known
 * @param route the streams' route (proxy) or URL path (agent), or null when not known
 * @param alert the last alert counted: its kind, rule and severity are the group's, its evidence
 *     and advice the latest
 * @param count alerts counted in the window and not exported on their own, at least 1
 * @param firstStreamId the stream of the first alert counted
 * @param firstMillis when the first alert counted was raised
 * @param lastStreamId the stream of the last alert counted
 * @param lastMillis when the last alert counted was raised
 * @param windowNanos how long the window lasted, from its start to this summary
 * @param traceIdHigh the first 8 bytes of the last stream's trace id, or 0 when not known
 * @param traceIdLow the last 8 bytes of the last stream's trace id, or 0 when not known
 * @param spanId the last stream's span id, or 0 when not known
 */
public record AlertSummary(
    long timestampMillis,
    StreamSource source,
    String route,
    Alert alert,
    long count,
    String firstStreamId,
    long firstMillis,
    String lastStreamId,
    long lastMillis,
    long windowNanos,
    long traceIdHigh,
    long traceIdLow,
    long spanId)
    implements TelemetryRecord {

  /** A summary whose last stream's trace context is not known. */
  public AlertSummary(
      long timestampMillis,
      StreamSource source,
      String route,
      Alert alert,
      long count,
      String firstStreamId,
      long firstMillis,
      String lastStreamId,
      long lastMillis,
      long windowNanos) {
    this(
        timestampMillis,
        source,
        route,
        alert,
        count,
        firstStreamId,
        firstMillis,
        lastStreamId,
        lastMillis,
        windowNanos,
        0,
        0,
        0);
  }

  @Override
  public String recordType() {
    return "alert_summary";
  }

  @Override
  public String streamId() {
    return null;
  }
}
