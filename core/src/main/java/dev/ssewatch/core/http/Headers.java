package dev.ssewatch.core.http;

import java.util.ArrayList;
import java.util.List;

/** Case-insensitive lookups over a header list, without allocating; and parsing of typed ones. */
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

  /**
   * Headers typed as {@code Name: value} (curl's {@code -H}), name and value stripped. A line
   * without a name before its colon is refused with a message that does not echo it: it may be a
   * secret typed without its name.
   */
  public static List<Header> parse(List<String> lines) {
    List<Header> out = new ArrayList<>(lines.size());
    for (String h : lines) {
      int colon = h.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("-H expects 'Name: value'");
      }
      out.add(new Header(h.substring(0, colon).strip(), h.substring(colon + 1).strip()));
    }
    return out;
  }
}
