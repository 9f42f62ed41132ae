package dev.ssewatch.exporters.otel;

/**
 * The names of the SSE instruments and of the log records the OpenTelemetry-based exporters emit.
 * Part of the documented contract (docs/exporters.md): dashboards, alert rules and queries depend
 * on them, and the dashboards' tests check their queries against these constants.
 */
public final class SseMetricNames {

  private SseMetricNames() {}

  /** Up-down counter: streams whose headers were seen and whose end was not yet. */
  public static final String STREAMS_OPEN = "sse.streams.open";

  /** Histogram, seconds: request start to stream end. */
  public static final String STREAM_DURATION = "sse.stream.duration";

  /** Histogram, seconds: request start to the first dispatched event. */
  public static final String STREAM_TIME_TO_FIRST_EVENT = "sse.stream.time_to_first_event";

  /** Counter: SSE events dispatched. */
  public static final String EVENTS = "sse.events";

  /** Histogram, seconds: time between consecutive events of a stream. */
  public static final String EVENT_GAP = "sse.event.gap";

  /** Histogram, bytes: UTF-8 size of an event's data (the data itself is never recorded). */
  public static final String EVENT_SIZE = "sse.event.size";

  /** Counter: heartbeat comments the proxy injected. */
  public static final String HEARTBEATS = "sse.heartbeats";

  /** Counter: risk alerts. */
  public static final String ALERTS = "sse.alerts";

  /** Counter: telemetry records core's dispatcher dropped. */
  public static final String TELEMETRY_DROPPED = "ssewatch.telemetry.dropped";

  /**
   * Event name of the per-SSE-event log records (Application Insights: {@code traces}, only when
   * per-event export is on).
   */
  public static final String EVENT_LOG = "sse.event";

  /** Event name of the alert log records (Application Insights: the customEvent name). */
  public static final String ALERT_LOG = "sse.alert";

  /**
   * Event name of the log records summarising the repeats of one alert cause (Application Insights:
   * the customEvent name).
   */
  public static final String ALERT_SUMMARY_LOG = "sse.alert_summary";

  /**
   * Histogram, seconds: request start to the first chunk carrying model output, per LLM token
   * stream (OpenTelemetry GenAI semantic conventions).
   */
  public static final String GENAI_TIME_TO_FIRST_CHUNK =
      "gen_ai.client.operation.time_to_first_chunk";

  /**
   * Histogram, seconds: for each output chunk after the first, the time from the end of the
   * previous chunk to the end of the current one (OpenTelemetry GenAI semantic conventions).
   */
  public static final String GENAI_TIME_PER_OUTPUT_CHUNK =
      "gen_ai.client.operation.time_per_output_chunk";

  /**
   * Histogram, tokens: the stream's own input and output counts ({@code gen_ai.token.type}), only
   * when its usage is exact.
   */
  public static final String GENAI_TOKEN_USAGE = "gen_ai.client.token.usage";

  /**
   * Counter: LLM token streams ended, by route, API, model, {@code sse.genai.usage_status} and
   * {@code sse.genai.completed}.
   */
  public static final String GENAI_COMPLETIONS = "sse.genai.completions";

  /** Counter: MCP calls ended, by route, {@code mcp.method.name}, tool and outcome. */
  public static final String MCP_CALLS = "sse.mcp.calls";
}
