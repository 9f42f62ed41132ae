package dev.ssewatch.load;

import dev.ssewatch.core.http.Header;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One URL a scenario opens streams to.
 *
 * @param url an http or https URL
 * @param method the request method, upper case
 * @param body the request body, empty for none; sent with Content-Length
 * @param headers extra request headers; they replace the defaults of the same name
 * @param weight this target's share of the streams, relative to the other targets' weights
 */
record Target(URI url, String method, byte[] body, List<Header> headers, int weight) {

  /** Most bytes of a request body ({@code --body}, {@code body:}): it is held in memory once. */
  static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

  Target {
    Objects.requireNonNull(url, "url");
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("expected an http or https URL");
    }
    if (url.getHost() == null || url.getHost().isEmpty()) {
      throw new IllegalArgumentException("the URL has no host");
    }
    method = method == null ? "GET" : method.strip().toUpperCase(Locale.ROOT);
    if (!method.matches("[A-Z]{1,16}")) {
      throw new IllegalArgumentException("--method expects a method name such as GET or POST");
    }
    body = body == null ? new byte[0] : body;
    if (body.length > MAX_BODY_BYTES) {
      throw new IllegalArgumentException(
          "the request body is larger than " + MAX_BODY_BYTES + " bytes");
    }
    headers = List.copyOf(headers);
    if (weight < 1) {
      throw new IllegalArgumentException("a target's weight must be 1 or more");
    }
  }

  boolean https() {
    return url.getScheme().equalsIgnoreCase("https");
  }

  int port() {
    return url.getPort() > 0 ? url.getPort() : https() ? 443 : 80;
  }

  /** The request target: path and query as sent on the request line. */
  String requestTarget() {
    String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    return url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
  }

  /** The Host header: the port only when it is not the scheme's default. */
  String hostHeader() {
    String host = url.getHost();
    return url.getPort() > 0 && url.getPort() != (https() ? 443 : 80)
        ? host + ":" + url.getPort()
        : host;
  }
}
