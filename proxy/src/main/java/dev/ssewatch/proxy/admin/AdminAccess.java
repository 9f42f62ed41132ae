package dev.ssewatch.proxy.admin;

import java.util.List;
import java.util.Locale;

/**
 * Who may use the admin listener.
 *
 * @param extraHosts names accepted in {@code Host} besides the listener's own address (and {@code
 *     localhost} on loopback), lower case, without port
 * @param token the bearer token every request but {@code /healthz} must carry, or {@code null} for
 *     none; never shown by {@link #toString()}
 */
public record AdminAccess(List<String> extraHosts, String token) {

  public AdminAccess {
    extraHosts =
        extraHosts == null
            ? List.of()
            : extraHosts.stream()
                .map(h -> h.trim().toLowerCase(Locale.ROOT))
                .filter(h -> !h.isEmpty())
                .toList();
    if (token != null) {
      token = token.strip();
      if (token.isEmpty()) {
        throw new IllegalArgumentException("the admin token is empty");
      }
      for (int i = 0; i < token.length(); i++) {
        char c = token.charAt(i);
        // What can travel in a header and in a cookie value unquoted (RFC 6265 cookie-octet).
        if (c <= 0x20 || c >= 0x7f || c == '"' || c == ',' || c == ';' || c == '\\') {
          throw new IllegalArgumentException(
              "the admin token may hold only visible ASCII characters other than \" , ; \\");
        }
      }
    }
  }

  /** Loopback names only, no token: the default. */
  public static AdminAccess defaults() {
    return new AdminAccess(List.of(), null);
  }

  @Override
  public String toString() {
    return "AdminAccess[extraHosts="
        + extraHosts
        + ", token="
        + (token == null ? "none" : "set")
        + "]";
  }
}
