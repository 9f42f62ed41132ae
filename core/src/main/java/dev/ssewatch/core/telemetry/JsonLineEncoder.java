package dev.ssewatch.core.telemetry;

import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.risk.Alert;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The JSON-lines schema written straight as UTF-8 bytes into a reusable buffer: the one place that
 * knows the fields of each record type ({@link JsonLines} builds its Strings from it). The sink's
 * worker used to build a StringBuilder, copy it to a char[] and push that through a charset
 * encoder, which was most of its CPU per record; here every byte is written once. Not thread-safe:
 * one per writing thread.
 */
final class JsonLineEncoder {

  private static final byte[] HEX = ascii("0123456789abcdef");
  private static final byte[] NULL = ascii("null");
  private static final byte[] TRUE = ascii("true");
  private static final byte[] FALSE = ascii("false");

  private static final byte[] RECORD = ascii("{\"record\":");
  private static final byte[] SCHEMA = ascii(",\"schema\":");
  private static final byte[] TS = ascii(",\"ts\":");
  private static final byte[] STREAM_ID = ascii(",\"stream_id\":");
  private static final byte[] SEQ = ascii(",\"seq\":");
  private static final byte[] TYPE = ascii(",\"type\":");
  private static final byte[] ID = ascii(",\"id\":");
  private static final byte[] DATA_BYTES = ascii(",\"data_bytes\":");
  private static final byte[] DATA_LINES = ascii(",\"data_lines\":");
  private static final byte[] GAP_MS = ascii(",\"gap_ms\":");
  private static final byte[] WIRE_GAP_MS = ascii(",\"wire_gap_ms\":");
  private static final byte[] WRITE_TO_WIRE_MS = ascii(",\"write_to_wire_ms\":");
  private static final byte[] SOURCE = ascii(",\"source\":");
  private static final byte[] METHOD = ascii(",\"method\":");
  private static final byte[] URL = ascii(",\"url\":");
  private static final byte[] ROUTE = ascii(",\"route\":");
  private static final byte[] STATUS = ascii(",\"status\":");
  private static final byte[] CONTENT_TYPE = ascii(",\"content_type\":");
  private static final byte[] EVENT_STREAM = ascii(",\"event_stream\":");
  private static final byte[] START_TS = ascii(",\"start_ts\":");
  private static final byte[] TIME_TO_HEADERS_MS = ascii(",\"time_to_headers_ms\":");
  private static final byte[] REQUEST_HEADERS = ascii(",\"request_headers\":");
  private static final byte[] RESPONSE_HEADERS = ascii(",\"response_headers\":");
  private static final byte[] DURATION_MS = ascii(",\"duration_ms\":");
  private static final byte[] TTFE_MS = ascii(",\"ttfe_ms\":");
  private static final byte[] EVENTS = ascii(",\"events\":");
  private static final byte[] BYTES = ascii(",\"bytes\":");
  private static final byte[] COMMENTS = ascii(",\"comments\":");
  private static final byte[] HEARTBEATS = ascii(",\"heartbeats\":");
  private static final byte[] LARGEST_GAP_MS = ascii(",\"largest_gap_ms\":");
  private static final byte[] CURRENT_GAP_MS = ascii(",\"current_gap_ms\":");
  private static final byte[] CLOSE_REASON = ascii(",\"close_reason\":");
  private static final byte[] CLOSE_DETAIL = ascii(",\"close_detail\":");
  private static final byte[] KIND = ascii(",\"kind\":");
  private static final byte[] RULE = ascii(",\"rule\":");
  private static final byte[] SEVERITY = ascii(",\"severity\":");
  private static final byte[] EVIDENCE = ascii(",\"evidence\":");
  private static final byte[] ADVICE = ascii(",\"advice\":");
  private static final byte[] ALERT_RULES = ascii(",\"alert_rules\":");
  private static final byte[] COUNT = ascii(",\"count\":");
  private static final byte[] FIRST_STREAM_ID = ascii(",\"first_stream_id\":");
  private static final byte[] FIRST_TS = ascii(",\"first_ts\":");
  private static final byte[] LAST_STREAM_ID = ascii(",\"last_stream_id\":");
  private static final byte[] LAST_TS = ascii(",\"last_ts\":");
  private static final byte[] WINDOW_MS = ascii(",\"window_ms\":");
  private static final byte[] DROPPED = ascii(",\"dropped\":");
  private static final byte[] DROPPED_TOTAL = ascii(",\"dropped_total\":");
  private static final byte[] TRACE_ID = ascii(",\"trace_id\":");
  private static final byte[] SPAN_ID = ascii(",\"span_id\":");
  private static final byte[] PARENT_SPAN_ID = ascii(",\"parent_span_id\":");
  private static final byte[] BACKEND_SPAN_ID = ascii(",\"backend_span_id\":");
  private static final byte[] EXPORTER = ascii(",\"exporter\":");
  private static final byte[] STATE = ascii(",\"state\":");
  private static final byte[] CAUSE = ascii(",\"cause\":");
  private static final byte[] SENT = ascii(",\"sent\":");
  private static final byte[] FAILED = ascii(",\"failed\":");
  private static final byte[] EVENT_RECORD = ascii("\"event\"");
  private static final byte[] GENAI = ascii(",\"genai\":{\"api\":");
  private static final byte[] G_PROVIDER = ascii(",\"provider\":");
  private static final byte[] G_OPERATION = ascii(",\"operation\":");
  private static final byte[] G_MODEL = ascii(",\"model\":");
  private static final byte[] G_RESPONSE_ID = ascii(",\"response_id\":");
  private static final byte[] G_TTFT_MS = ascii(",\"ttft_ms\":");
  private static final byte[] G_OUTPUT_CHUNKS = ascii(",\"output_chunks\":");
  private static final byte[] G_TPOC_MS = ascii(",\"time_per_output_chunk_ms\":");
  private static final byte[] G_FINISH_REASONS = ascii(",\"finish_reasons\":");
  private static final byte[] G_COMPLETED = ascii(",\"completed\":");
  private static final byte[] G_USAGE_STATUS = ascii(",\"usage_status\":");
  private static final byte[] G_INPUT_TOKENS = ascii(",\"input_tokens\":");
  private static final byte[] G_OUTPUT_TOKENS = ascii(",\"output_tokens\":");
  private static final byte[] G_TOTAL_TOKENS = ascii(",\"total_tokens\":");
  private static final byte[] G_CACHED_TOKENS = ascii(",\"cached_tokens\":");
  private static final byte[] G_REASONING_TOKENS = ascii(",\"reasoning_tokens\":");
  private static final byte[] G_CONTENT_FILTER = ascii(",\"content_filter\":");
  private static final byte[] G_UNREADABLE = ascii(",\"unreadable_events\":");
  private static final byte[] G_MCP_METHOD = ascii(",\"mcp_method\":");
  private static final byte[] G_MCP_NAME = ascii(",\"mcp_name\":");
  private static final byte[] G_MCP_PROTOCOL = ascii(",\"mcp_protocol_version\":");
  private static final byte[] G_MCP_SESSION = ascii(",\"mcp_session\":");
  private static final byte[] G_RPC_ID = ascii(",\"rpc_id\":");
  private static final byte[] G_RPC_OUTCOME = ascii(",\"rpc_outcome\":");
  private static final byte[] G_NOTIFICATIONS = ascii(",\"mcp_notifications\":");
  private static final byte[] G_PROGRESS = ascii(",\"mcp_progress_notifications\":");

  /** Digits of the most negative long, the longest decimal a number can take. */
  private static final int MAX_LONG_CHARS = 20;

  private static final int MAX_ARRAY = Integer.MAX_VALUE - 16;

  /** The quote and {@code yyyy-mm-ddThh:mm:ss} of a timestamp in years 0 to 9999. */
  private static final int SECOND_CHARS = 20;

  /** The tens and ones digit of 0 to 99, for writing numbers two digits at a time. */
  private static final byte[] TENS = new byte[100];

  private static final byte[] ONES = new byte[100];

  static {
    for (int i = 0; i < 100; i++) {
      TENS[i] = (byte) ('0' + i / 10);
      ONES[i] = (byte) ('0' + i % 10);
    }
  }

  private byte[] buf;
  private int len;

  /** {@code "yyyy-mm-ddThh:mm:ss} of the last in-range second written, and that second. */
  private final byte[] cachedSecondText = new byte[SECOND_CHARS];

  private long cachedSecond = Long.MIN_VALUE;

  JsonLineEncoder(int initialCapacity) {
    buf = new byte[Math.max(64, initialCapacity)];
  }

  byte[] array() {
    return buf;
  }

  int length() {
    return len;
  }

  int capacity() {
    return buf.length;
  }

  void clear() {
    len = 0;
  }

  /** Forgets the buffer for a fresh one of {@code capacity} bytes: after one huge record. */
  void shrink(int capacity) {
    len = 0;
    buf = new byte[capacity];
  }

  void writeTo(OutputStream out) throws IOException {
    out.write(buf, 0, len);
  }

  @Override
  public String toString() {
    return new String(buf, 0, len, StandardCharsets.UTF_8);
  }

  /** Appends the record as one JSON object, without a line terminator. */
  void record(TelemetryRecord record) {
    // Most records are events. An exact class test rather than instanceof, and the common fields
    // read through the record's own type rather than the interface: the JIT speculates on the
    // types an instanceof or an interface call has seen, and every stream's first and last record
    // then threw the worker's compiled loop away to be compiled again.
    if (record.getClass() == EventRecord.class) {
      EventRecord e = (EventRecord) record;
      // Their record name needs no escaping scan.
      raw(RECORD);
      raw(EVENT_RECORD);
      common(e.timestampMillis(), e.streamId());
      event(e);
    } else {
      other(record);
    }
    put('}');
  }

  /** Every record but events: one per stream start, end, progress or alert. */
  private void other(TelemetryRecord record) {
    raw(RECORD);
    string(record.recordType());
    common(record.timestampMillis(), record.streamId());
    if (record instanceof StreamStart s) {
      streamStart(s);
    } else if (record instanceof StreamEnd s) {
      streamEnd(s);
    } else if (record instanceof Progress p) {
      progress(p);
    } else if (record instanceof AlertRecord a) {
      alert(a.alert());
      raw(SOURCE);
      string(a.source() == null ? null : a.source().wireName());
      raw(ROUTE);
      string(a.route());
      spanIds(a.traceIdHigh(), a.traceIdLow(), a.spanId());
    } else if (record instanceof AlertSummary a) {
      alertSummary(a);
    } else if (record instanceof TelemetryDropped d) {
      raw(DROPPED);
      number(d.dropped());
      raw(DROPPED_TOTAL);
      number(d.droppedTotal());
    } else if (record instanceof ExporterHealthRecord h) {
      raw(EXPORTER);
      string(h.exporter());
      raw(STATE);
      string(h.state());
      raw(CAUSE);
      string(h.cause());
      raw(SENT);
      number(h.sent());
      raw(FAILED);
      number(h.failed());
      raw(DROPPED);
      number(h.dropped());
    } else {
      // The interface is sealed; a new record type must be added here and to the schema.
      throw new IllegalArgumentException("unknown record type " + record.getClass().getName());
    }
  }

  private void common(long timestampMillis, String streamId) {
    raw(SCHEMA);
    number(JsonLines.SCHEMA_VERSION);
    raw(TS);
    timestamp(timestampMillis);
    raw(STREAM_ID);
    string(streamId);
  }

  private void event(EventRecord e) {
    raw(SEQ);
    number(e.seq());
    raw(TYPE);
    string(e.type());
    raw(ID);
    string(e.id());
    raw(DATA_BYTES);
    number(e.dataBytes());
    raw(DATA_LINES);
    number(e.dataLines());
    raw(GAP_MS);
    millis(e.gapSincePreviousEventNanos());
    raw(WIRE_GAP_MS);
    millis(e.gapSincePreviousByteNanos());
    raw(WRITE_TO_WIRE_MS);
    millis(e.writeToWireNanos());
    spanIds(e.traceIdHigh(), e.traceIdLow(), e.spanId());
  }

  /** {@code trace_id} and {@code span_id} from their longs, null when not known (0). */
  private void spanIds(long traceIdHigh, long traceIdLow, long spanId) {
    raw(TRACE_ID);
    if (traceIdHigh == 0 && traceIdLow == 0) {
      raw(NULL);
    } else {
      ensure(34);
      buf[len++] = '"';
      hex16(traceIdHigh);
      hex16(traceIdLow);
      buf[len++] = '"';
    }
    raw(SPAN_ID);
    if (spanId == 0) {
      raw(NULL);
    } else {
      ensure(18);
      buf[len++] = '"';
      hex16(spanId);
      buf[len++] = '"';
    }
  }

  /** 16 lowercase hex digits; room already ensured. */
  private void hex16(long v) {
    for (int i = len + 15; i >= len; i--) {
      buf[i] = HEX[(int) (v & 0xF)];
      v >>>= 4;
    }
    len += 16;
  }

  /** The start and end records' trace context, each id null when not known. */
  private void traceIds(dev.ssewatch.core.trace.TraceIds t) {
    raw(TRACE_ID);
    string(t == null ? null : t.traceId());
    raw(SPAN_ID);
    string(t == null ? null : t.spanId());
    raw(PARENT_SPAN_ID);
    string(t == null ? null : t.parentSpanId());
    raw(BACKEND_SPAN_ID);
    string(t == null ? null : t.backendSpanId());
  }

  private void streamStart(StreamStart s) {
    raw(SOURCE);
    string(s.source() == null ? null : s.source().wireName());
    exchange(s.method(), s.url(), s.route(), s.status());
    raw(CONTENT_TYPE);
    string(s.contentType());
    raw(EVENT_STREAM);
    bool(s.eventStream());
    raw(START_TS);
    timestamp(s.startEpochMillis());
    raw(TIME_TO_HEADERS_MS);
    millis(s.timeToHeadersNanos());
    raw(REQUEST_HEADERS);
    headers(s.requestHeaders());
    raw(RESPONSE_HEADERS);
    headers(s.responseHeaders());
    traceIds(s.trace());
    genAi(s.genAi());
  }

  private void streamEnd(StreamEnd s) {
    raw(SOURCE);
    string(s.source() == null ? null : s.source().wireName());
    exchange(s.method(), s.url(), s.route(), s.status());
    raw(EVENT_STREAM);
    bool(s.eventStream());
    raw(START_TS);
    timestamp(s.startEpochMillis());
    raw(DURATION_MS);
    millis(s.durationNanos());
    raw(TTFE_MS);
    millis(s.timeToFirstEventNanos());
    raw(EVENTS);
    number(s.events());
    raw(BYTES);
    number(s.bytes());
    raw(COMMENTS);
    number(s.comments());
    raw(HEARTBEATS);
    number(s.heartbeats());
    raw(LARGEST_GAP_MS);
    millis(s.largestGapNanos());
    raw(CLOSE_REASON);
    string(s.closeReason() == null ? null : s.closeReason().wireName());
    if (s.closeDetail() != null) {
      raw(CLOSE_DETAIL);
      string(s.closeDetail());
    }
    raw(ALERT_RULES);
    put('[');
    List<String> rules = s.alertRules();
    for (int i = 0, n = rules.size(); i < n; i++) {
      if (i > 0) {
        put(',');
      }
      string(rules.get(i));
    }
    put(']');
    traceIds(s.trace());
    genAi(s.genAi());
  }

  private void alertSummary(AlertSummary a) {
    raw(SOURCE);
    string(a.source() == null ? null : a.source().wireName());
    raw(ROUTE);
    string(a.route());
    Alert last = a.alert();
    raw(KIND);
    string(last.kind().wireName());
    raw(RULE);
    string(last.rule());
    raw(SEVERITY);
    string(last.severity().wireName());
    raw(COUNT);
    number(a.count());
    raw(FIRST_STREAM_ID);
    string(a.firstStreamId());
    raw(FIRST_TS);
    timestamp(a.firstMillis());
    raw(LAST_STREAM_ID);
    string(a.lastStreamId());
    raw(LAST_TS);
    timestamp(a.lastMillis());
    raw(WINDOW_MS);
    millis(a.windowNanos());
    raw(EVIDENCE);
    string(last.evidence());
    raw(ADVICE);
    string(last.advice());
    spanIds(a.traceIdHigh(), a.traceIdLow(), a.spanId());
  }

  private void progress(Progress p) {
    raw(DURATION_MS);
    millis(p.durationNanos());
    raw(EVENTS);
    number(p.events());
    raw(BYTES);
    number(p.bytes());
    raw(COMMENTS);
    number(p.comments());
    raw(HEARTBEATS);
    number(p.heartbeats());
    raw(CURRENT_GAP_MS);
    millis(p.currentGapNanos());
    raw(LARGEST_GAP_MS);
    millis(p.largestGapNanos());
    spanIds(p.traceIdHigh(), p.traceIdLow(), p.spanId());
    genAi(p.genAi());
  }

  /**
   * The {@code genai} object, written only for a recognised LLM or MCP call: other records keep
   * exactly their fields. Counts not known are {@code null}.
   */
  private void genAi(GenAi g) {
    if (g == null) {
      return;
    }
    raw(GENAI);
    string(g.api());
    raw(G_PROVIDER);
    string(g.provider());
    raw(G_OPERATION);
    string(g.operation());
    raw(G_MODEL);
    string(g.model());
    raw(G_RESPONSE_ID);
    string(g.responseId());
    raw(G_TTFT_MS);
    millis(g.timeToFirstTokenNanos());
    raw(G_OUTPUT_CHUNKS);
    number(g.outputChunks());
    raw(G_TPOC_MS);
    millis(g.timePerOutputChunkNanos());
    raw(G_FINISH_REASONS);
    put('[');
    List<String> reasons = g.finishReasons();
    for (int i = 0, n = reasons.size(); i < n; i++) {
      if (i > 0) {
        put(',');
      }
      string(reasons.get(i));
    }
    put(']');
    raw(G_COMPLETED);
    bool(g.completed());
    raw(G_USAGE_STATUS);
    string(g.usageStatus());
    raw(G_INPUT_TOKENS);
    count(g.inputTokens());
    raw(G_OUTPUT_TOKENS);
    count(g.outputTokens());
    raw(G_TOTAL_TOKENS);
    count(g.totalTokens());
    raw(G_CACHED_TOKENS);
    count(g.cachedTokens());
    raw(G_REASONING_TOKENS);
    count(g.reasoningTokens());
    raw(G_CONTENT_FILTER);
    bool(g.contentFilter());
    raw(G_UNREADABLE);
    number(g.unreadableEvents());
    raw(G_MCP_METHOD);
    string(g.mcpMethod());
    raw(G_MCP_NAME);
    string(g.mcpName());
    raw(G_MCP_PROTOCOL);
    string(g.mcpProtocolVersion());
    raw(G_MCP_SESSION);
    bool(g.mcpSession());
    raw(G_RPC_ID);
    string(g.rpcId());
    raw(G_RPC_OUTCOME);
    string(g.rpcOutcome());
    raw(G_NOTIFICATIONS);
    number(g.mcpNotifications());
    raw(G_PROGRESS);
    number(g.mcpProgressNotifications());
    put('}');
  }

  /** A count, or null when unknown (negative). */
  private void count(long v) {
    if (v < 0) {
      raw(NULL);
    } else {
      number(v);
    }
  }

  private void alert(Alert a) {
    raw(KIND);
    string(a.kind().wireName());
    raw(RULE);
    string(a.rule());
    raw(SEVERITY);
    string(a.severity().wireName());
    raw(EVIDENCE);
    string(a.evidence());
    raw(ADVICE);
    string(a.advice());
  }

  private void exchange(String method, String url, String route, int status) {
    raw(METHOD);
    string(method);
    raw(URL);
    string(url);
    raw(ROUTE);
    string(route);
    raw(STATUS);
    number(status);
  }

  private void headers(List<Header> headers) {
    put('[');
    if (headers != null) {
      for (int i = 0, n = headers.size(); i < n; i++) {
        Header h = headers.get(i);
        if (i > 0) {
          put(',');
        }
        put('[');
        string(h.name());
        put(',');
        string(h.value());
        put(']');
      }
    }
    put(']');
  }

  // ---- primitives ----

  /** A line terminator or other single ASCII character. */
  void put(char c) {
    ensure(1);
    buf[len++] = (byte) c;
  }

  private void raw(byte[] ascii) {
    int n = ascii.length;
    ensure(n);
    System.arraycopy(ascii, 0, buf, len, n);
    len += n;
  }

  private void bool(boolean v) {
    raw(v ? TRUE : FALSE);
  }

  /** A decimal integer, as {@code Long.toString} writes it. */
  void number(long v) {
    ensure(MAX_LONG_CHARS);
    if (v >= 0 && v < 100) {
      // Line counts, the schema, the whole milliseconds of most gaps.
      if (v >= 10) {
        buf[len++] = TENS[(int) v];
      }
      buf[len++] = ONES[(int) v];
      return;
    }
    if (v >= 0 && v <= Integer.MAX_VALUE) {
      // Nearly every figure: int arithmetic, two digits per step (the long loop was half of the
      // telemetry thread's samples).
      len = digits((int) v, buf, len);
      return;
    }
    if (v == Long.MIN_VALUE) {
      raw(ascii(Long.toString(v)));
      return;
    }
    if (v < 0) {
      buf[len++] = '-';
      v = -v;
    }
    int d = 1;
    for (long limit = 10; d < 19 && v >= limit; limit *= 10) {
      d++;
    }
    int end = len + d;
    for (int i = end - 1; i >= len; i--) {
      buf[i] = (byte) ('0' + (int) (v % 10));
      v /= 10;
    }
    len = end;
  }

  /** Writes non-negative {@code v} at {@code p}; returns the position after it. */
  private static int digits(int v, byte[] b, int p) {
    int end = p + width(v);
    int i = end;
    while (v >= 100) {
      int q = v / 100;
      int r = v - q * 100;
      v = q;
      b[--i] = ONES[r];
      b[--i] = TENS[r];
    }
    if (v >= 10) {
      b[--i] = ONES[v];
      b[--i] = TENS[v];
    } else {
      b[--i] = (byte) ('0' + v);
    }
    return end;
  }

  private static int width(int v) {
    int w = 1;
    for (int limit = 10; w < 10 && v >= limit; limit *= 10) {
      w++;
    }
    return w;
  }

  /**
   * Nanoseconds as milliseconds with exactly three decimals, rounded half up; negative (unknown) as
   * {@code null}. Integer arithmetic, so no binary-fraction noise such as {@code 0.30000000004}.
   */
  void millis(long nanos) {
    if (nanos < 0) {
      raw(NULL);
      return;
    }
    long micros = nanos / 1000 + (nanos % 1000 >= 500 ? 1 : 0);
    int frac = (int) (micros % 1000);
    number(micros / 1000);
    ensure(4);
    buf[len++] = '.';
    buf[len++] = (byte) ('0' + frac / 100);
    buf[len++] = (byte) ('0' + frac / 10 % 10);
    buf[len++] = (byte) ('0' + frac % 10);
  }

  /**
   * Epoch milliseconds as {@code "2026-01-31T23:59:59.123Z"}, quotes included. Computed with
   * integer arithmetic (days to proleptic Gregorian civil date) rather than through {@code
   * LocalDateTime}, which cost three objects per record on the telemetry thread.
   */
  void timestamp(long epochMillis) {
    long seconds = Math.floorDiv(epochMillis, 1000L);
    int millis = (int) Math.floorMod(epochMillis, 1000L);
    if (seconds == cachedSecond) {
      // A batch's records mostly share their second: copy its text, skip the calendar arithmetic.
      ensure(SECOND_CHARS + 6);
      System.arraycopy(cachedSecondText, 0, buf, len, SECOND_CHARS);
      len += SECOND_CHARS;
      buf[len++] = '.';
      buf[len++] = (byte) ('0' + millis / 100);
      buf[len++] = TENS[millis % 100];
      buf[len++] = ONES[millis % 100];
      buf[len++] = 'Z';
      buf[len++] = '"';
      return;
    }
    long days = Math.floorDiv(seconds, 86_400L);
    int secOfDay = (int) Math.floorMod(seconds, 86_400L);
    // Days since 1970-01-01 to year/month/day, by 400-year eras starting on March 1st so that the
    // leap day falls at the end of a year.
    long z = days + 719_468L;
    long era = Math.floorDiv(z, 146_097L);
    long doe = z - era * 146_097L; // [0, 146096]
    long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    long mp = (5 * doy + 2) / 153; // [0, 11], March first
    int day = (int) (doy - (153 * mp + 2) / 5 + 1);
    int month = (int) (mp < 10 ? mp + 3 : mp - 9);
    long yearLong = yoe + era * 400 + (month <= 2 ? 1 : 0);
    int year = (int) yearLong;
    put('"');
    boolean signed = year < 0 || year > 9999;
    if (signed) {
      // Not a clock reading anyone will meet; keep ISO-8601's expanded form valid anyway.
      put(year > 9999 ? '+' : '-');
      year = Math.abs(year);
    }
    if (year >= 0 && year <= 9999) {
      // The common case: fixed widths, written in place.
      ensure(24);
      two(year / 100);
      two(year % 100);
      buf[len++] = '-';
      two(month);
      buf[len++] = '-';
      two(day);
      buf[len++] = 'T';
      two(secOfDay / 3600);
      buf[len++] = ':';
      two(secOfDay / 60 % 60);
      buf[len++] = ':';
      two(secOfDay % 60);
      if (!signed) {
        cachedSecond = seconds;
        System.arraycopy(buf, len - SECOND_CHARS, cachedSecondText, 0, SECOND_CHARS);
      }
      buf[len++] = '.';
      buf[len++] = (byte) ('0' + millis / 100);
      two(millis % 100);
      buf[len++] = 'Z';
      buf[len++] = '"';
      return;
    }
    pad(year, 4);
    put('-');
    pad(month, 2);
    put('-');
    pad(day, 2);
    put('T');
    pad(secOfDay / 3600, 2);
    put(':');
    pad(secOfDay / 60 % 60, 2);
    put(':');
    pad(secOfDay % 60, 2);
    put('.');
    pad(millis, 3);
    put('Z');
    put('"');
  }

  /** Two digits of a value from 0 to 99; the caller has ensured room. */
  private void two(int v) {
    buf[len++] = (byte) ('0' + v / 10);
    buf[len++] = (byte) ('0' + v % 10);
  }

  /** Zero-padded as the StringBuilder version always did, negative values included. */
  private void pad(int value, int width) {
    for (int limit = 10, i = 1; i < width; i++, limit *= 10) {
      if (value < limit) {
        put('0');
      }
    }
    number(value);
  }

  /**
   * A JSON string, or {@code null}. Escapes quote, backslash and every control character, and also
   * U+2028/U+2029 (line terminators in JavaScript) and DEL. A lone surrogate cannot be encoded in
   * UTF-8, so it becomes U+FFFD rather than an invalid line. Other characters are written as UTF-8.
   */
  void string(String s) {
    if (s == null) {
      raw(NULL);
      return;
    }
    int n = s.length();
    // Every char takes at most six bytes (an escape), a surrogate pair four: one check up front.
    ensure(n * 6L + 2);
    byte[] b = buf;
    int p = len;
    b[p++] = '"';
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x7f) {
        if (c == '"' || c == '\\') {
          b[p++] = '\\';
        }
        b[p++] = (byte) c;
      } else if (c < 0x80) {
        p = escapeControl(b, p, c);
      } else if (c < 0x800) {
        b[p++] = (byte) (0xc0 | c >> 6);
        b[p++] = (byte) (0x80 | c & 0x3f);
      } else if (c == '\u2028' || c == '\u2029') {
        p = unicodeEscape(b, p, c);
      } else if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < n
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          int cp = Character.toCodePoint(c, s.charAt(++i));
          b[p++] = (byte) (0xf0 | cp >> 18);
          b[p++] = (byte) (0x80 | cp >> 12 & 0x3f);
          b[p++] = (byte) (0x80 | cp >> 6 & 0x3f);
          b[p++] = (byte) (0x80 | cp & 0x3f);
        } else {
          p = unicodeEscape(b, p, '\ufffd');
        }
      } else {
        b[p++] = (byte) (0xe0 | c >> 12);
        b[p++] = (byte) (0x80 | c >> 6 & 0x3f);
        b[p++] = (byte) (0x80 | c & 0x3f);
      }
    }
    b[p++] = '"';
    len = p;
  }

  /** A control character or DEL, in JSON's short form where it has one. */
  private static int escapeControl(byte[] b, int p, char c) {
    char shortForm;
    switch (c) {
      case '\n' -> shortForm = 'n';
      case '\r' -> shortForm = 'r';
      case '\t' -> shortForm = 't';
      case '\b' -> shortForm = 'b';
      case '\f' -> shortForm = 'f';
      default -> {
        return unicodeEscape(b, p, c);
      }
    }
    b[p++] = '\\';
    b[p++] = (byte) shortForm;
    return p;
  }

  private static int unicodeEscape(byte[] b, int p, char c) {
    b[p++] = '\\';
    b[p++] = 'u';
    b[p++] = HEX[c >> 12 & 0xf];
    b[p++] = HEX[c >> 8 & 0xf];
    b[p++] = HEX[c >> 4 & 0xf];
    b[p++] = HEX[c & 0xf];
    return p;
  }

  private void ensure(long more) {
    if (buf.length - len < more) {
      grow(more);
    }
  }

  private void grow(long more) {
    long wanted = Math.max(len + more, 2L * buf.length);
    if (wanted > MAX_ARRAY) {
      wanted = len + more;
      if (wanted > MAX_ARRAY) {
        throw new OutOfMemoryError("JSON line too long");
      }
    }
    buf = Arrays.copyOf(buf, (int) wanted);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
