package dev.ssewatch.proxy.admin.live;

import dev.ssewatch.core.risk.Alert;
import dev.ssewatch.core.stream.StreamSnapshot;
import dev.ssewatch.core.telemetry.AlertRecord;
import dev.ssewatch.core.telemetry.StreamEnd;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * The JSON of the live endpoint's messages. Built from metadata records only: none of these types
 * can reach event data, so none can leak it.
 */
final class LiveJson {

  private LiveJson() {}

  static String hello(long snapshotIntervalMillis, long heartbeatMillis) {
    return "{\"version\":1,\"snapshot_interval_ms\":"
        + snapshotIntervalMillis
        + ",\"heartbeat_ms\":"
        + heartbeatMillis
        + "}";
  }

  static String snapshot(
      List<StreamSnapshot> streams,
      long nowEpochMillis,
      long dropped,
      ToLongFunction<String> idleBudgetMillis) {
    StringBuilder b = new StringBuilder(128 + streams.size() * 360);
    b.append("{\"now_epoch_ms\":").append(nowEpochMillis);
    b.append(",\"dropped\":").append(dropped);
    b.append(",\"open\":").append(streams.size()).append(",\"streams\":[");
    for (int i = 0; i < streams.size(); i++) {
      StreamSnapshot s = streams.get(i);
      if (i > 0) {
        b.append(',');
      }
      b.append("{\"stream_id\":");
      string(b, s.streamId());
      b.append(",\"method\":");
      string(b, s.method());
      b.append(",\"url\":");
      string(b, s.url());
      b.append(",\"route\":");
      string(b, s.route());
      b.append(",\"status\":").append(s.status());
      b.append(",\"event_stream\":").append(s.eventStream());
      b.append(",\"age_ms\":").append(millis(s.ageNanos()));
      b.append(",\"events\":").append(s.events());
      b.append(",\"bytes\":").append(s.bytes());
      b.append(",\"comments\":").append(s.comments());
      b.append(",\"heartbeats\":").append(s.heartbeats());
      b.append(",\"time_to_first_event_ms\":")
          .append(s.timeToFirstEventNanos() < 0 ? "null" : millis(s.timeToFirstEventNanos()));
      b.append(",\"current_gap_ms\":").append(millis(s.currentGapNanos()));
      b.append(",\"largest_gap_ms\":").append(millis(s.largestGapNanos()));
      b.append(",\"idle_budget_ms\":").append(idleBudgetMillis.applyAsLong(s.route()));
      b.append(",\"alerts\":").append(s.alerts());
      b.append('}');
    }
    return b.append("]}").toString();
  }

  static String alert(AlertRecord r) {
    Alert a = r.alert();
    StringBuilder b = new StringBuilder(256);
    b.append("{\"stream_id\":");
    string(b, r.streamId());
    b.append(",\"timestamp_ms\":").append(r.timestampMillis());
    b.append(",\"kind\":");
    string(b, a.kind().wireName());
    b.append(",\"rule\":");
    string(b, a.rule());
    b.append(",\"severity\":");
    string(b, a.severity().wireName());
    b.append(",\"evidence\":");
    string(b, a.evidence());
    b.append(",\"advice\":");
    string(b, a.advice());
    return b.append('}').toString();
  }

  static String streamEnd(StreamEnd e) {
    StringBuilder b = new StringBuilder(320);
    b.append("{\"stream_id\":");
    string(b, e.streamId());
    b.append(",\"timestamp_ms\":").append(e.timestampMillis());
    b.append(",\"method\":");
    string(b, e.method());
    b.append(",\"url\":");
    string(b, e.url());
    b.append(",\"route\":");
    string(b, e.route());
    b.append(",\"status\":").append(e.status());
    b.append(",\"event_stream\":").append(e.eventStream());
    b.append(",\"duration_ms\":").append(millis(e.durationNanos()));
    b.append(",\"time_to_first_event_ms\":")
        .append(e.timeToFirstEventNanos() < 0 ? "null" : millis(e.timeToFirstEventNanos()));
    b.append(",\"events\":").append(e.events());
    b.append(",\"bytes\":").append(e.bytes());
    b.append(",\"heartbeats\":").append(e.heartbeats());
    b.append(",\"largest_gap_ms\":").append(millis(e.largestGapNanos()));
    b.append(",\"close_reason\":");
    string(b, e.closeReason() == null ? null : e.closeReason().wireName());
    return b.append('}').toString();
  }

  private static String millis(long nanos) {
    return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
  }

  /**
   * Also escapes U+2028/U+2029 and {@code <}: harmless in JSON, but the page parses it with
   * JSON.parse only, and escaping keeps the text inert anywhere else it might end up.
   */
  static void string(StringBuilder b, String s) {
    if (s == null) {
      b.append("null");
      return;
    }
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20 || c == '<' || c == '\u2028' || c == '\u2029') {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }
}
