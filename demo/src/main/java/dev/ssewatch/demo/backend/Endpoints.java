package dev.ssewatch.demo.backend;

import java.time.Duration;

/**
 * What the demo backend serves, as data: the pace of events and how long the quiet endpoint stays
 * silent.
 */
record Endpoints(Duration pace, Duration silence) {

  /** Default number of events when the request does not say. */
  static final int DEFAULT_EVENTS = 10;

  /** An upper bound so a typo cannot make a stream run for hours. */
  static final int MAX_EVENTS = 10_000;

  /** The SSE frame of event {@code i}: an id, a type and a small JSON payload. */
  static String frame(int i, int total) {
    return "id: "
        + i
        + "\nevent: tick\ndata: {\"event\":"
        + i
        + ",\"of\":"
        + total
        + ",\"ts\":"
        + System.currentTimeMillis()
        + "}\n\n";
  }

  /** Parses an event count, falling back to the default and clamping to the bound. */
  static int count(String text) {
    if (text == null || text.isBlank()) {
      return DEFAULT_EVENTS;
    }
    try {
      return Math.max(0, Math.min(MAX_EVENTS, Integer.parseInt(text.trim())));
    } catch (NumberFormatException e) {
      return DEFAULT_EVENTS;
    }
  }
}
