package dev.ssewatch.cli;

import dev.ssewatch.core.telemetry.JsonLines;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Formats {@code ssewatch scan} output, as text for people or JSON lines for tools, and keeps the
 * counts for the summary. Data is printed only when the caller passes it, which only the {@code
 * --show-data} path does.
 */
final class ScanPrinter {

  private final PrintWriter out;
  private final boolean json;
  private final boolean showData;
  private final StringBuilder line = new StringBuilder(256);
  private long events;
  private long comments;
  private long previousEventNanos;
  private boolean ignoreComments;

  ScanPrinter(PrintWriter out, boolean json, boolean showData) {
    this.out = out;
    this.json = json;
    this.showData = showData;
  }

  /**
   * One event. {@code data} is {@code null} in metadata mode; {@code overLimit} says the parser did
   * not keep data too large to capture.
   */
  void event(
      long nanoTime,
      String type,
      String lastEventId,
      long dataBytes,
      int dataLines,
      String data,
      boolean overLimit) {
    events++;
    long gap = events == 1 ? -1 : nanoTime - previousEventNanos;
    previousEventNanos = nanoTime;
    String id = lastEventId == null || lastEventId.isEmpty() ? null : lastEventId;
    line.setLength(0);
    if (json) {
      line.append("{\"record\":\"event\",\"seq\":").append(events).append(",\"type\":");
      JsonLines.appendString(type, line);
      line.append(",\"id\":");
      JsonLines.appendString(id, line);
      line.append(",\"data_bytes\":").append(dataBytes);
      line.append(",\"data_lines\":").append(dataLines);
      line.append(",\"gap_ms\":");
      JsonLines.appendMillis(gap, line);
      if (showData) {
        line.append(",\"data\":");
        JsonLines.appendString(data, line);
        line.append(",\"data_over_limit\":").append(overLimit);
      }
      line.append('}');
      out.println(line);
      return;
    }
    line.append(String.format(Locale.ROOT, "%6d  ", events));
    padded(safe(type), 14);
    line.append("  id=");
    padded(id == null ? "-" : safe(id), 12);
    line.append(
        String.format(
            Locale.ROOT,
            "  %9d B  %4d line%s  ",
            dataBytes,
            dataLines,
            dataLines == 1 ? " " : "s"));
    line.append(gap < 0 ? "-" : "+" + seconds(gap));
    out.println(line.toString().stripTrailing());
    if (showData) {
      if (overLimit || data == null) {
        out.println("        | (data too large to show: " + dataBytes + " bytes)");
      } else {
        for (String dataLine : data.split("\n", -1)) {
          out.println("        | " + safe(dataLine));
        }
      }
    }
  }

  void comment() {
    if (!ignoreComments) {
      comments++;
    }
  }

  /** Comments from now on are not counted (the end-of-input probe). */
  void ignoreComments() {
    ignoreComments = true;
  }

  void summary(long bytes, long retryMillis, String lastEventId, boolean unfinished) {
    String lastId = lastEventId == null || lastEventId.isEmpty() ? null : lastEventId;
    if (json) {
      line.setLength(0);
      line.append("{\"record\":\"summary\",\"events\":").append(events);
      line.append(",\"comments\":").append(comments);
      line.append(",\"bytes\":").append(bytes);
      line.append(",\"retry_ms\":").append(retryMillis < 0 ? "null" : Long.toString(retryMillis));
      line.append(",\"last_id\":");
      JsonLines.appendString(lastId, line);
      line.append(",\"unfinished_event\":").append(unfinished);
      line.append('}');
      out.println(line);
      return;
    }
    out.println(
        "-- "
            + events
            + (events == 1 ? " event, " : " events, ")
            + comments
            + (comments == 1 ? " comment, " : " comments, ")
            + bytes
            + (bytes == 1 ? " byte" : " bytes")
            + ", retry "
            + (retryMillis < 0 ? "not set" : retryMillis + " ms")
            + ", last id "
            + (lastId == null ? "none" : safe(lastId)));
    if (unfinished) {
      out.println("-- the input ended inside an event, which was therefore not dispatched");
    }
  }

  long events() {
    return events;
  }

  long comments() {
    return comments;
  }

  private void padded(String s, int width) {
    line.append(s);
    for (int i = s.length(); i < width; i++) {
      line.append(' ');
    }
  }

  /** Nanoseconds as seconds with three decimals. */
  static String seconds(long nanos) {
    long millis = (nanos + 500_000) / 1_000_000;
    return String.format(Locale.ROOT, "%d.%03ds", millis / 1000, millis % 1000);
  }

  /**
   * Text safe for a terminal: control characters (which could move the cursor or change colours)
   * are shown as escapes instead of being sent.
   */
  static String safe(String s) {
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      // C0 and C1 controls, and the bidirectional overrides that reorder what a terminal shows.
      boolean control =
          c < 0x20 && c != '\t'
              || c >= 0x7f && c < 0xa0
              || c >= 0x202a && c <= 0x202e
              || c >= 0x2066 && c <= 0x2069;
      if (control && b == null) {
        b = new StringBuilder(s.length() + 8).append(s, 0, i);
      }
      if (b != null) {
        if (control) {
          b.append(String.format(Locale.ROOT, c < 0x100 ? "\\x%02x" : "\\u%04x", (int) c));
        } else {
          b.append(c);
        }
      }
    }
    return b == null ? s : b.toString();
  }
}
