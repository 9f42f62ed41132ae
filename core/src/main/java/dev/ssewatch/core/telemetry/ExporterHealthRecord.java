package dev.ssewatch.core.telemetry;

/**
 * One exporter's health, reported by the dispatcher when the exporter's state changes and once a
 * minute: the totals since start, so a lost report loses nothing.
 *
 * @param exporter the exporter's configured name ({@code otlp}, {@code event-hubs}…)
 * @param state {@code ok}, {@code retrying}, {@code paused} or {@code refused}
 * @param cause what the exporter logged on entering the state; empty while {@code ok}
 * @param sent records the endpoint accepted since start
 * @param failed records whose send failed since start
 * @param dropped records never sent (buffer full, paused, shut down) since start
 */
public record ExporterHealthRecord(
    long timestampMillis,
    String exporter,
    String state,
    String cause,
    long sent,
    long failed,
    long dropped)
    implements TelemetryRecord {

  /** A report of {@code health} as it is now. */
  static ExporterHealthRecord of(long timestampMillis, ExporterHealth health) {
    return new ExporterHealthRecord(
        timestampMillis,
        health.exporter(),
        health.state().wireName(),
        health.cause(),
        health.sent(),
        health.failed(),
        health.dropped());
  }

  @Override
  public String recordType() {
    return "exporter_health";
  }

  @Override
  public String streamId() {
    return null;
  }
}
