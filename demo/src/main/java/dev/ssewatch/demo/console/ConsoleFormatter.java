package dev.ssewatch.demo.console;

import java.util.Locale;
import java.util.Map;

/**
 * Turns telemetry JSON lines into one short human line each, for the demo's console. Alerts stand
 * out; per-event lines are compact; progress records are left out (the demo is short).
 */
public final class ConsoleFormatter {

  private static final String RESET = "\u001b[0m";
  private static final String RED = "\u001b[31;1m";
  private static final String YELLOW = "\u001b[33;1m";
  private static final String DIM = "\u001b[2m";

  private final boolean colour;

  public ConsoleFormatter(boolean colour) {
    this.colour = colour;
  }

  /**
   * The console line for a telemetry JSON line observed by {@code side} ({@code proxy} or {@code
   * agent}), or {@code null} when it is not worth a line.
   */
  public String format(String side, String jsonLine) {
    Map<String, String> f = TopLevelFields.of(jsonLine);
    String record = f.get("record");
    if (record == null) {
      return null;
    }
    String stream = shortId(f.get("stream_id"));
    String head = String.format(Locale.ROOT, "%-5s %-6s ", side, stream);
    return switch (record) {
      case "stream_start" ->
          head
              + "start  "
              + f.get("method")
              + " "
              + f.get("url")
              + " -> "
              + f.get("status")
              + " "
              + nullToDash(f.get("content_type"));
      case "event" ->
          paint(
              DIM,
              head
                  + "event  #"
                  + f.get("seq")
                  + " "
                  + f.get("type")
                  + " "
                  + f.get("data_bytes")
                  + " B"
                  + gap(" gap ", f.get("gap_ms"))
                  + gap(" write->wire ", f.get("write_to_wire_ms")));
      case "stream_end" ->
          head
              + "end    "
              + f.get("close_reason")
              + ", "
              + f.get("events")
              + " events, "
              + f.get("bytes")
              + " B, first event after "
              + ms(f.get("ttfe_ms"))
              + ", largest gap "
              + ms(f.get("largest_gap_ms"))
              + heartbeats(f.get("heartbeats"));
      case "alert" ->
          alert(f, head, f.get("evidence") + "\n" + " ".repeat(20) + "advice: " + f.get("advice"));
      case "alert_summary" ->
          alert(
              f,
              head,
              f.get("count")
                  + " more on "
                  + f.get("route")
                  + " (streams "
                  + shortId(f.get("first_stream_id"))
                  + " to "
                  + shortId(f.get("last_stream_id"))
                  + ")");
      case "telemetry_dropped" -> head + "telemetry dropped: " + f.get("dropped");
      default -> null;
    };
  }

  /** The top-level scalar fields of a telemetry JSON line. */
  public static Map<String, String> fields(String jsonLine) {
    return TopLevelFields.of(jsonLine);
  }

  /** An alert's line, red when critical: severity, kind and rule, then the record's own part. */
  private String alert(Map<String, String> f, String head, String detail) {
    return paint(
        "critical".equals(f.get("severity")) ? RED : YELLOW,
        head
            + "ALERT  "
            + f.get("severity")
            + " "
            + f.get("kind")
            + "/"
            + f.get("rule")
            + ": "
            + detail);
  }

  private String paint(String style, String text) {
    return colour ? style + text + RESET : text;
  }

  private static String shortId(String id) {
    if (id == null) {
      return "-";
    }
    return id.length() > 6 ? id.substring(0, 6) : id;
  }

  private static String gap(String label, String ms) {
    return ms == null ? "" : label + ms(ms);
  }

  private static String heartbeats(String n) {
    return n == null || n.equals("0") ? "" : ", " + n + " heartbeats injected";
  }

  private static String ms(String ms) {
    if (ms == null) {
      return "-";
    }
    double v = Double.parseDouble(ms);
    return v >= 1000
        ? String.format(Locale.ROOT, "%.1f s", v / 1000)
        : String.format(Locale.ROOT, "%.1f ms", v);
  }

  private static String nullToDash(String s) {
    return s == null ? "-" : s;
  }
}
