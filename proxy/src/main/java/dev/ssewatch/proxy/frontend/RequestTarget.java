package dev.ssewatch.proxy.frontend;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Request targets (RFC 9112 §3.2). Origin-form passes; absolute-form only when it names this
 * listener, since the proxy routes by path alone and must never be talked into contacting another
 * host; authority-form (CONNECT) and asterisk-form do not reach here or are refused.
 */
final class RequestTarget {

  private RequestTarget() {}

  /** The origin-form to forward, or {@code null} when the target is refused. */
  static String originForm(String uri, Predicate<String> ownAuthority) {
    if (uri.startsWith("/")) {
      return uri.startsWith("//") ? null : uri;
    }
    URI u;
    try {
      u = new URI(uri);
    } catch (URISyntaxException e) {
      return null;
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    if (!u.isAbsolute()
        || !(scheme.equals("http") || scheme.equals("https"))
        || u.getRawAuthority() == null
        || u.getRawUserInfo() != null
        || !ownAuthority.test(u.getRawAuthority())) {
      return null;
    }
    String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
    return u.getRawQuery() == null ? path : path + "?" + u.getRawQuery();
  }

  /** The authority of an absolute-form target, as sent; {@code null} for any other form. */
  static String authority(String uri) {
    try {
      return new URI(uri).getRawAuthority();
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /** Whether {@code authority} names the listener that accepted the connection. */
  static boolean isOwnAuthority(String authority, InetSocketAddress local, String scheme) {
    URI u;
    try {
      u = new URI("http://" + authority);
    } catch (URISyntaxException e) {
      return false;
    }
    String host = u.getHost();
    if (host == null) {
      return false;
    }
    int port = u.getPort() >= 0 ? u.getPort() : scheme.equals("https") ? 443 : 80;
    if (port != local.getPort()) {
      return false;
    }
    String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    InetAddress addr = local.getAddress();
    if (h.equalsIgnoreCase(addr.getHostAddress())
        || (addr.isLoopbackAddress() && h.equalsIgnoreCase("localhost"))) {
      return true;
    }
    // A literal address equal to ours in another spelling (e.g. ::1 vs 0:0:0:0:0:0:0:1).
    if (Character.isDigit(h.charAt(0)) || h.indexOf(':') >= 0) {
      try {
        return InetAddress.getByName(h).equals(addr);
      } catch (java.net.UnknownHostException e) {
        return false;
      }
    }
    return false;
  }
}
