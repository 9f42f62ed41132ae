package dev.ssewatch.proxy.frontend;

import dev.ssewatch.proxy.RouteOptions.ForwardedStyle;
import io.netty.handler.codec.http.HttpHeaders;

/** Tells the backend who the client was, in the style the route asks for. */
final class ForwardedHeaders {

  private ForwardedHeaders() {}

  static void add(
      HttpHeaders h, ForwardedStyle style, String clientIp, String proto, String originalHost) {
    if (style == ForwardedStyle.FORWARDED) {
      StringBuilder b = new StringBuilder("for=");
      b.append(clientIp.indexOf(':') >= 0 ? "\"[" + clientIp + "]\"" : clientIp);
      b.append(";proto=").append(proto);
      if (originalHost != null && isToken(originalHost)) {
        b.append(";host=").append(originalHost);
      } else if (originalHost != null) {
        b.append(";host=\"").append(originalHost.replace("\\", "").replace("\"", "")).append('"');
      }
      append(h, "Forwarded", b.toString());
    } else {
      append(h, "X-Forwarded-For", clientIp);
      h.set("X-Forwarded-Proto", proto);
      if (originalHost != null) {
        h.set("X-Forwarded-Host", originalHost);
      }
    }
  }

  /** Appends to an existing list, as each proxy in a chain adds its own hop. */
  private static void append(HttpHeaders h, String name, String value) {
    String prior = h.get(name);
    h.set(name, prior == null || prior.isBlank() ? value : prior + ", " + value);
  }

  private static boolean isToken(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(Character.isLetterOrDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0)) {
        return false;
      }
    }
    return !s.isEmpty();
  }
}
