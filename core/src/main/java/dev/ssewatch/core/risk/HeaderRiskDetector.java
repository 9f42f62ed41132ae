package dev.ssewatch.core.risk;

import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.http.Headers;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks one exchange's response headers for settings that make intermediaries hold events back or
 * store the stream. Runs once per stream, when the headers are seen, so it may allocate.
 */
public final class HeaderRiskDetector {

  private static final String EVENT_STREAM = "text/event-stream";

  private HeaderRiskDetector() {}

  /**
   * The header alerts for one exchange, in rule order; empty for a correct SSE response.
   *
   * @param nowEpochMillis the wall-clock time the headers were seen, to judge {@code Expires}
   */
  public static List<Alert> detect(
      int status, List<Header> requestHeaders, List<Header> responseHeaders, long nowEpochMillis) {
    List<Alert> alerts = new ArrayList<>(2);
    String contentType = Headers.first(responseHeaders, "Content-Type");
    if (!Headers.isEventStream(contentType)) {
      Alert a = contentType(status, requestHeaders, contentType);
      if (a != null) {
        alerts.add(a);
      }
      return alerts;
    }
    addIfFired(alerts, contentLength(responseHeaders));
    addIfFired(alerts, contentEncoding(responseHeaders));
    addIfFired(alerts, cacheControl(responseHeaders, nowEpochMillis));
    addIfFired(alerts, accelBuffering(responseHeaders));
    return alerts;
  }

  private static void addIfFired(List<Alert> alerts, Alert a) {
    if (a != null) {
      alerts.add(a);
    }
  }

  static Alert contentLength(List<Header> response) {
    String length = Headers.first(response, "Content-Length");
    if (length == null) {
      return null;
    }
    return new Alert(
        AlertKind.BUFFERING,
        "content_length",
        Severity.CRITICAL,
        "Content-Length: " + length.trim() + " on a text/event-stream response",
        "Remove Content-Length from event streams: a sized body means the whole stream was"
            + " buffered, and intermediaries wait for all of it.");
  }

  static Alert contentEncoding(List<Header> response) {
    String encoding = Headers.first(response, "Content-Encoding");
    if (encoding == null || isIdentity(encoding)) {
      return null;
    }
    // A warning rather than critical: a server that flushes its compressor after every event does
    // stream; the burst and write_delay rules show whether this one does.
    return new Alert(
        AlertKind.BUFFERING,
        "content_encoding",
        Severity.WARNING,
        "Content-Encoding: " + encoding.trim() + " on a text/event-stream response",
        "Exclude text/event-stream from response compression (or flush the compressor after"
            + " every event): compression filters hold events back until a block fills.");
  }

  private static boolean isIdentity(String encoding) {
    for (String part : encoding.split(",")) {
      String p = part.trim();
      if (!p.isEmpty() && !p.equalsIgnoreCase("identity")) {
        return false;
      }
    }
    return true;
  }

  static Alert cacheControl(List<Header> response, long nowEpochMillis) {
    StringBuilder value = new StringBuilder();
    for (Header h : response) {
      if (h.name().equalsIgnoreCase("Cache-Control")) {
        if (value.length() > 0) {
          value.append(", ");
        }
        value.append(h.value().trim());
      }
    }
    List<String> reasons = new ArrayList<>(2);
    boolean noCache = false;
    boolean noStore = false;
    boolean lifetime = false;
    // Reasons any standard cache may store the stream for: a warning. Without them, only a cache
    // configured with a default lifetime of its own would: information.
    boolean explicit = false;
    if (value.length() == 0) {
      reasons.add("no Cache-Control header");
    } else {
      for (String directive : value.toString().split(",")) {
        String d = directive.trim();
        int eq = d.indexOf('=');
        String name = (eq < 0 ? d : d.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
        String arg = eq < 0 ? "" : unquote(d.substring(eq + 1).trim());
        switch (name) {
          // no-cache="Set-Cookie" only bars those fields: the response itself stays storable
          case "no-cache" -> noCache |= arg.isEmpty();
          case "no-store" -> noStore = true;
          case "public" -> {
            explicit = true;
            reasons.add("'public' lets shared caches store the stream");
          }
          case "max-age", "s-maxage" -> {
            lifetime = true;
            if (positive(arg)) {
              explicit = true;
              reasons.add("'" + name + "=" + arg + "' makes the stream cacheable");
            }
          }
          default -> {
            // other directives (private, must-revalidate, no-transform…) do not matter here
          }
        }
      }
      if (!noCache && !noStore) {
        reasons.add(0, "Cache-Control '" + value + "' has neither no-cache nor no-store");
      }
    }
    String expires = Headers.first(response, "Expires");
    if (expires != null && !noCache && !noStore && !lifetime && inFuture(expires, nowEpochMillis)) {
      explicit = true;
      reasons.add("Expires: " + expires.trim() + " is in the future");
    }
    if (reasons.isEmpty()) {
      return null;
    }
    Severity severity = Severity.WARNING;
    if (!explicit) {
      // RFC 9111 4.2.2: a 200 without explicit freshness may get a heuristic lifetime, whose usual
      // basis is Last-Modified. Event streams have none by default (Spring's SseEmitter and
      // WebFlux send neither header), and no cache then stores them unless told to.
      if (Headers.first(response, "Last-Modified") != null) {
        reasons.add("Last-Modified lets caches give the stream a heuristic lifetime");
      } else {
        severity = Severity.INFO;
        reasons.add(
            "no cache stores it unless configured with a default lifetime of its own, as with"
                + " Varnish's default TTL or a CDN caching rule");
      }
    }
    return new Alert(
        AlertKind.BUFFERING,
        "cache_control",
        severity,
        String.join("; ", reasons),
        "Send Cache-Control: no-cache (or no-store) on event streams, without public, max-age,"
            + " s-maxage or a future Expires: a caching intermediary buffers the whole response.");
  }

  private static String unquote(String s) {
    if (s.length() >= 2 && s.charAt(0) == '"' && s.charAt(s.length() - 1) == '"') {
      return s.substring(1, s.length() - 1);
    }
    return s;
  }

  private static boolean positive(String number) {
    try {
      return Long.parseLong(number) > 0;
    } catch (NumberFormatException e) {
      // RFC 9111: an invalid max-age is to be treated as stale, which is harmless for a stream
      return false;
    }
  }

  private static boolean inFuture(String httpDate, long nowEpochMillis) {
    try {
      ZonedDateTime t = ZonedDateTime.parse(httpDate.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
      return t.toInstant().toEpochMilli() > nowEpochMillis;
    } catch (DateTimeParseException e) {
      // RFC 9111: an invalid Expires (such as "0") means already expired
      return false;
    }
  }

  static Alert accelBuffering(List<Header> response) {
    String v = Headers.first(response, "X-Accel-Buffering");
    if (v == null || !v.trim().equalsIgnoreCase("yes")) {
      return null;
    }
    return new Alert(
        AlertKind.BUFFERING,
        "x_accel_buffering",
        Severity.CRITICAL,
        "X-Accel-Buffering: yes on a text/event-stream response",
        "Send X-Accel-Buffering: no (or drop the header): 'yes' tells nginx to buffer the"
            + " stream.");
  }

  static Alert contentType(int status, List<Header> request, String contentType) {
    if (status < 200 || status > 299 || !acceptsEventStream(request)) {
      return null;
    }
    String shown = contentType == null ? "no Content-Type" : "'" + contentType.trim() + "'";
    String evidence =
        "request accepts text/event-stream but the " + status + " response has " + shown;
    Severity severity;
    if (contentType != null && acceptsNamed(request, contentType)) {
      // Content negotiation, not a fault: the client named this type too. MCP's Streamable HTTP
      // clients accept both, and the server may answer a request with JSON.
      severity = Severity.INFO;
      evidence += ", a type the request also accepts";
    } else if (acceptsOnlyEventStream(request)) {
      // What EventSource sends; it fails the connection on any other type and does not reconnect.
      severity = Severity.CRITICAL;
      evidence += "; an EventSource gives up on such a response";
    } else {
      severity = Severity.WARNING;
    }
    return new Alert(
        AlertKind.BUFFERING,
        "content_type",
        severity,
        evidence,
        "Serve streams as Content-Type: text/event-stream: other types are buffered by gateways"
            + " and cannot be read by EventSource clients.");
  }

  /** Whether an Accept range names the response's type, exactly or as {@code type/*}. */
  private static boolean acceptsNamed(List<Header> request, String contentType) {
    int semi = contentType.indexOf(';');
    String type = (semi < 0 ? contentType : contentType.substring(0, semi)).trim();
    int slash = type.indexOf('/');
    if (slash <= 0) {
      return false;
    }
    String major = type.substring(0, slash + 1) + "*";
    for (String media : mediaRanges(request)) {
      if (media.equalsIgnoreCase(type) || media.equalsIgnoreCase(major)) {
        return true;
      }
    }
    return false;
  }

  private static boolean acceptsOnlyEventStream(List<Header> request) {
    for (String media : mediaRanges(request)) {
      if (!media.equalsIgnoreCase(EVENT_STREAM)) {
        return false;
      }
    }
    return true;
  }

  private static List<String> mediaRanges(List<Header> request) {
    List<String> out = new ArrayList<>(2);
    for (Header h : request) {
      if (!h.name().equalsIgnoreCase("Accept")) {
        continue;
      }
      for (String range : h.value().split(",")) {
        int semi = range.indexOf(';');
        String media = (semi < 0 ? range : range.substring(0, semi)).trim();
        if (!media.isEmpty() && (semi < 0 || !refused(range.substring(semi + 1)))) {
          out.add(media);
        }
      }
    }
    return out;
  }

  /** Whether media-range parameters carry {@code q=0}: "not acceptable" (RFC 9110 12.4.2). */
  private static boolean refused(String params) {
    for (String p : params.split(";")) {
      String t = p.trim();
      if (t.length() > 2 && (t.charAt(0) == 'q' || t.charAt(0) == 'Q') && t.charAt(1) == '=') {
        String v = t.substring(2).trim();
        return v.matches("0(\\.0{0,3})?");
      }
    }
    return false;
  }

  private static boolean acceptsEventStream(List<Header> request) {
    for (Header h : request) {
      if (!h.name().equalsIgnoreCase("Accept")) {
        continue;
      }
      for (String range : h.value().split(",")) {
        int semi = range.indexOf(';');
        String media = (semi < 0 ? range : range.substring(0, semi)).trim();
        if (media.equalsIgnoreCase(EVENT_STREAM)) {
          return true;
        }
      }
    }
    return false;
  }
}
