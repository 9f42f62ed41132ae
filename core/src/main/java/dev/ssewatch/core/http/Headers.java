package dev.ssewatch.core.http;

import java.util.List;

/** Case-insensitive lookups over a header list, without allocating. */
public final class Headers {

  private Headers() {}

  /** The first value of {@code name}, or {@code null} when absent. */
  public static String first(List<Header> headers, String name) {
    for (int i = 0, n = headers.size(); i < n; i++) {
      Header h = headers.get(i);
      if (h.name().equalsIgnoreCase(name)) {
        return h.value();
      }
    }
    return null;
  }

  /** Whether {@code name} is present at all. */
  public static boolean contains(List<Header> headers, String name) {
    return first(headers, name) != null;
  }

  /**
   * Whether the media type in a {@code Content-Type} value is {@code text/event-stream}, ignoring
   * parameters, case and surrounding space.
   */
  public static boolean isEventStream(String contentType) {
    if (contentType == null) {
      return false;
    }
    int end = contentType.indexOf(';');
    String media = (end < 0 ? contentType : contentType.substring(0, end)).trim();
    return media.equalsIgnoreCase("text/event-stream");
  }
}
