package dev.ssewatch.proxy.frontend;

import dev.ssewatch.core.http.Header;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Header fields as the recorder takes them: common names and values become shared constants rather
 * than two strings per field per stream (see "Memory per open stream" in docs/architecture.md).
 * Case is kept as sent: only exact matches are shared.
 */
final class HeaderStrings {

  private static final String[] KNOWN = {
    "Host",
    "host",
    "Accept",
    "accept",
    "Accept-Encoding",
    "accept-encoding",
    "Accept-Language",
    "accept-language",
    "Cache-Control",
    "cache-control",
    "Connection",
    "connection",
    "Cookie",
    "cookie",
    "Origin",
    "origin",
    "Referer",
    "referer",
    "User-Agent",
    "user-agent",
    "Last-Event-ID",
    "last-event-id",
    "Authorization",
    "authorization",
    "Pragma",
    "pragma",
    "Sec-Fetch-Dest",
    "sec-fetch-dest",
    "Sec-Fetch-Mode",
    "sec-fetch-mode",
    "Sec-Fetch-Site",
    "sec-fetch-site",
    "X-Forwarded-For",
    "x-forwarded-for",
    "X-Forwarded-Proto",
    "x-forwarded-proto",
    "X-Forwarded-Host",
    "x-forwarded-host",
    "X-Request-ID",
    "x-request-id",
    "Traceparent",
    "traceparent",
    "Content-Type",
    "content-type",
    "Content-Length",
    "content-length",
    "Transfer-Encoding",
    "transfer-encoding",
    "Date",
    "date",
    "Server",
    "server",
    "X-Accel-Buffering",
    "x-accel-buffering",
    "Keep-Alive",
    "keep-alive",
    // values
    "text/event-stream",
    "no-cache",
    "no-cache, no-transform",
    "*/*",
    "close",
    "chunked",
    "gzip, deflate",
    "gzip, deflate, br",
    "gzip, deflate, br, zstd",
    "empty",
    "cors",
    "same-origin",
    "same-site",
    "cross-site",
    "no",
    "en-US,en;q=0.9"
  };

  private HeaderStrings() {}

  static List<Header> of(HttpHeaders headers) {
    List<Header> out = new ArrayList<>(headers.size());
    for (Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence();
        it.hasNext(); ) {
      Map.Entry<CharSequence, CharSequence> e = it.next();
      out.add(new Header(shared(e.getKey()), shared(e.getValue())));
    }
    return out;
  }

  /** The shared constant equal to {@code s}, else {@code s} as a string. */
  static String shared(CharSequence s) {
    int n = s.length();
    for (String k : KNOWN) {
      if (k.length() == n && AsciiString.contentEquals(k, s)) {
        return k;
      }
    }
    return s.toString();
  }
}
