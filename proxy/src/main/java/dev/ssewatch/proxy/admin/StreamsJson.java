package dev.ssewatch.proxy.admin;

import dev.ssewatch.core.stream.StreamSnapshot;
import java.util.List;
import java.util.Locale;

/** The {@code /streams} document: metadata of every open stream, never event data. */
final class StreamsJson {

  private StreamsJson() {}

  static String write(List<StreamSnapshot> snapshots, long nowNanos) {
    StringBuilder b = new StringBuilder(256 + snapshots.size() * 320);
    b.append("{\"open\":").append(snapshots.size()).append(",\"streams\":[");
    for (int i = 0; i < snapshots.size(); i++) {
      StreamSnapshot s = snapshots.get(i);
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
      b.append(",\"start_epoch_ms\":").append(s.startEpochMillis());
      b.append(",\"age_ms\":").append(millis(s.ageNanos()));
      b.append(",\"events\":").append(s.events());
      b.append(",\"bytes\":").append(s.bytes());
      b.append(",\"comments\":").append(s.comments());
      b.append(",\"heartbeats\":").append(s.heartbeats());
      b.append(",\"time_to_first_event_ms\":")
          .append(s.timeToFirstEventNanos() < 0 ? "null" : millis(s.timeToFirstEventNanos()));
      b.append(",\"current_gap_ms\":").append(millis(s.currentGapNanos()));
      b.append(",\"largest_gap_ms\":").append(millis(s.largestGapNanos()));
      b.append(",\"alerts\":").append(s.alerts());
      b.append('}');
    }
    return b.append("]}\n").toString();
  }

  private static String millis(long nanos) {
    return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
  }

  private static void string(StringBuilder b, String s) {
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
          if (c < 0x20) {
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
