package dev.ssewatch.exporters.otel;

import io.opentelemetry.api.common.AttributeKey;

/**
 * The {@code sse.*} attribute keys every OpenTelemetry-based exporter writes. Names are part of the
 * documented contract (docs/exporters.md): dashboards and queries depend on them.
 */
public final class SseAttributes {

  private SseAttributes() {}

  public static final AttributeKey<String> STREAM_ID = AttributeKey.stringKey("sse.stream.id");
  public static final AttributeKey<String> SOURCE = AttributeKey.stringKey("sse.source");
  public static final AttributeKey<Boolean> EVENT_STREAM =
      AttributeKey.booleanKey("sse.event_stream");
  public static final AttributeKey<Long> EVENTS = AttributeKey.longKey("sse.events");
  public static final AttributeKey<Long> BYTES = AttributeKey.longKey("sse.bytes");
  public static final AttributeKey<Long> COMMENTS = AttributeKey.longKey("sse.comments");
  public static final AttributeKey<Long> HEARTBEATS = AttributeKey.longKey("sse.heartbeats");
  public static final AttributeKey<Double> TIME_TO_HEADERS_MS =
      AttributeKey.doubleKey("sse.time_to_headers_ms");
  public static final AttributeKey<Double> TIME_TO_FIRST_EVENT_MS =
      AttributeKey.doubleKey("sse.time_to_first_event_ms");
  public static final AttributeKey<Double> LARGEST_GAP_MS =
      AttributeKey.doubleKey("sse.largest_gap_ms");

  /**
   * The request target as recorded (query values redacted by core). Set for origin-form targets,
   * which have no {@code url.full}: some backends (Application Insights) drop {@code url.path} and
   * {@code url.query} when they cannot build a full URL.
   */
  public static final AttributeKey<String> URL = AttributeKey.stringKey("sse.url");

  public static final AttributeKey<String> CLOSE_REASON =
      AttributeKey.stringKey("sse.close_reason");

  /** What exactly ended the stream, when the recorder knows (e.g. a backend's TLS failure). */
  public static final AttributeKey<String> CLOSE_DETAIL =
      AttributeKey.stringKey("sse.close_detail");

  /** Set when the stream lasted at least the long-stream threshold: lets latency views skip it. */
  public static final AttributeKey<Boolean> LONG_STREAM =
      AttributeKey.booleanKey("sse.long_stream");

  /** Set on a span ended because the exporter shut down while the stream was still open. */
  public static final AttributeKey<Boolean> OPEN_AT_SHUTDOWN =
      AttributeKey.booleanKey("sse.open_at_shutdown");

  /** Set on a span ended early because too many streams were open at once to track them all. */
  public static final AttributeKey<Boolean> EVICTED = AttributeKey.booleanKey("sse.evicted");

  public static final AttributeKey<Long> EVENT_SEQ = AttributeKey.longKey("sse.event.seq");
  public static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("sse.event.type");
  public static final AttributeKey<String> EVENT_ID = AttributeKey.stringKey("sse.event.id");
  public static final AttributeKey<Long> EVENT_DATA_BYTES =
      AttributeKey.longKey("sse.event.data_bytes");
  public static final AttributeKey<Long> EVENT_DATA_LINES =
      AttributeKey.longKey("sse.event.data_lines");
  public static final AttributeKey<Double> EVENT_GAP_MS =
      AttributeKey.doubleKey("sse.event.gap_ms");
  public static final AttributeKey<Double> EVENT_BYTE_GAP_MS =
      AttributeKey.doubleKey("sse.event.byte_gap_ms");
  public static final AttributeKey<Double> EVENT_WRITE_TO_WIRE_MS =
      AttributeKey.doubleKey("sse.event.write_to_wire_ms");

  public static final AttributeKey<String> ALERT_KIND = AttributeKey.stringKey("sse.alert.kind");
  public static final AttributeKey<String> ALERT_RULE = AttributeKey.stringKey("sse.alert.rule");
  public static final AttributeKey<String> ALERT_SEVERITY =
      AttributeKey.stringKey("sse.alert.severity");
  public static final AttributeKey<String> ALERT_ADVICE =
      AttributeKey.stringKey("sse.alert.advice");

  /**
   * What the detector observed: figures, close reasons and the values of response headers as core
   * redacted them. Never event data. Also the log record's body, which Application Insights does
   * not keep for custom events, hence an attribute too.
   */
  public static final AttributeKey<String> ALERT_EVIDENCE =
      AttributeKey.stringKey("sse.alert.evidence");

  /** On alert summaries: alerts of the cause counted in the window and not exported alone. */
  public static final AttributeKey<Long> ALERT_COUNT = AttributeKey.longKey("sse.alert.count");

  /** On alert summaries: the stream of the first alert counted. */
  public static final AttributeKey<String> ALERT_FIRST_STREAM_ID =
      AttributeKey.stringKey("sse.alert.first_stream_id");

  /** On alert summaries: the stream of the last alert counted. */
  public static final AttributeKey<String> ALERT_LAST_STREAM_ID =
      AttributeKey.stringKey("sse.alert.last_stream_id");

  /** On alert summaries: when the first alert counted was raised, epoch milliseconds. */
  public static final AttributeKey<Long> ALERT_FIRST_TIME_MS =
      AttributeKey.longKey("sse.alert.first_time_ms");

  /** On alert summaries: when the last alert counted was raised, epoch milliseconds. */
  public static final AttributeKey<Long> ALERT_LAST_TIME_MS =
      AttributeKey.longKey("sse.alert.last_time_ms");

  /** On alert summaries: how long the window lasted. */
  public static final AttributeKey<Double> ALERT_WINDOW_MS =
      AttributeKey.doubleKey("sse.alert.window_ms");

  /**
   * The route of an alert's stream, on alert log records. {@code http.route} is there too, but
   * Application Insights does not keep it as a custom dimension of custom events; this key lets a
   * query filter alerts by route without joining them to their requests.
   */
  public static final AttributeKey<String> ROUTE = AttributeKey.stringKey("sse.route");

  /** Application Insights turns a log record carrying this attribute into a customEvent. */
  public static final AttributeKey<String> MICROSOFT_CUSTOM_EVENT_NAME =
      AttributeKey.stringKey("microsoft.custom_event.name");

  /** On {@code ssewatch.telemetry.dropped}: why records were dropped, when not by core. */
  public static final AttributeKey<String> DROP_REASON =
      AttributeKey.stringKey("ssewatch.drop.reason");
}
