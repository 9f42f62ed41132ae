package dev.ssewatch.core.telemetry;

/**
 * What ssewatch exports: headers and per-event metadata, never event data or bodies. Every record
 * belongs to one observed HTTP exchange ({@link #streamId()}), except {@link TelemetryDropped},
 * {@link AlertSummary} and {@link ExporterHealthRecord}.
 *
 * <p>The names returned by {@link #recordType()} are the {@code record} field of the JSON-lines
 * schema (docs/telemetry-schema.md) and are shared by every exporter.
 */
public sealed interface TelemetryRecord
    permits StreamStart,
        EventRecord,
        Progress,
        StreamEnd,
        AlertRecord,
        AlertSummary,
        TelemetryDropped,
        ExporterHealthRecord {

  /** {@code stream_start}, {@code event}, {@code progress}, {@code stream_end}, {@code alert}… */
  String recordType();

  /**
   * The stream this record belongs to; {@code null} only for {@link TelemetryDropped}, {@link
   * AlertSummary} and {@link ExporterHealthRecord}.
   */
  String streamId();

  /** Wall-clock time the record was made, epoch milliseconds. */
  long timestampMillis();
}
