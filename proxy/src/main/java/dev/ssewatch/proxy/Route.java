package dev.ssewatch.proxy;

import dev.ssewatch.proxy.frontend.PathNormalizer;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * Requests whose normalised path (see {@link PathNormalizer}) starts with {@code pathPrefix} go to
 * {@code backend}. The backend is the only host such a request can ever reach: neither the request
 * target nor {@code Host} can change it.
 *
 * @param name the route's name in telemetry (defaults to the prefix)
 * @param pathPrefix a path starting with {@code /}; the longest matching prefix wins
 * @param backend {@code http://host:port} or {@code https://host:port}, without a path
 */
public record Route(String name, String pathPrefix, URI backend, RouteOptions options) {

  public Route {
    Objects.requireNonNull(pathPrefix, "pathPrefix");
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(options, "options");
    if (!pathPrefix.startsWith("/")) {
      throw new IllegalArgumentException(
          "route prefix must start with '/', got '" + pathPrefix + "'");
    }
    if (!pathPrefix.equals(PathNormalizer.normalize(pathPrefix))) {
      // Requests are routed by their normalised path, which a prefix in another form never is.
      throw new IllegalArgumentException(
          "route prefix must be a normalised path (no dot-segments, backslashes, encoded slashes or"
              + " encoded unreserved characters, upper-case percent-encodings), got '"
              + pathPrefix
              + "'");
    }
    name = name == null || name.isBlank() ? pathPrefix : name;
    String scheme = backend.getScheme() == null ? "" : backend.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException(
          "backend must be an http:// or https:// URL, got '" + backend + "'");
    }
    if (backend.getHost() == null) {
      throw new IllegalArgumentException("backend URL has no host: '" + backend + "'");
    }
    String path = backend.getRawPath();
    if ((path != null && !path.isEmpty() && !path.equals("/"))
        || backend.getRawQuery() != null
        || backend.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "backend URL takes no path, query or fragment (requests keep their own path): '"
              + backend
              + "'");
    }
  }

  /** A route for every path. */
  public static Route all(URI backend, RouteOptions options) {
    return new Route(null, "/", backend, options);
  }

  public boolean tls() {
    return backend.getScheme().equalsIgnoreCase("https");
  }

  public String backendHost() {
    return backend.getHost();
  }

  public int backendPort() {
    return backend.getPort() >= 0 ? backend.getPort() : tls() ? 443 : 80;
  }

  /** The {@code Host} header value the backend receives. */
  public String backendAuthority() {
    String host = backend.getHost();
    int port = backend.getPort();
    return port < 0 ? host : host + ":" + port;
  }

  /** Whether {@code path} falls under this route's prefix (at a segment boundary). */
  public boolean matches(String path) {
    if (pathPrefix.equals("/")) {
      return true;
    }
    if (!path.startsWith(pathPrefix)) {
      return false;
    }
    return path.length() == pathPrefix.length()
        || pathPrefix.endsWith("/")
        || path.charAt(pathPrefix.length()) == '/'
        || path.charAt(pathPrefix.length()) == '?';
  }
}
