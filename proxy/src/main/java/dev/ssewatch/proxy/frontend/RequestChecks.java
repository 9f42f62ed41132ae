package dev.ssewatch.proxy.frontend;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import java.util.function.Predicate;

/**
 * What a request head must pass before anything of it is forwarded, on top of what Netty's decoder
 * already refuses (malformed lines, bare LF, invalid or repeated {@code Content-Length}, {@code
 * Content-Length} with {@code Transfer-Encoding}, a {@code Transfer-Encoding} whose last coding is
 * not {@code chunked}, {@code Transfer-Encoding} in HTTP/1.0, control characters in header values).
 * A pure function of the decoded head: no channel, no state.
 */
final class RequestChecks {

  private RequestChecks() {}

  /** The outcome of {@link #check}. */
  sealed interface Verdict permits Refused, Accepted {}

  /** The request is answered by the proxy with {@code status}, and the connection closed. */
  record Refused(HttpResponseStatus status, String reason) implements Verdict {}

  /**
   * The request goes on.
   *
   * @param target the origin-form target to forward: the normalised path and the query as sent
   * @param path the normalised path, which selects the route
   * @param forwardedHost what the client asked for as host (the absolute-form target's authority,
   *     else {@code Host}), for {@code X-Forwarded-Host}; {@code null} if neither was given
   */
  record Accepted(String target, String path, String forwardedHost) implements Verdict {}

  /**
   * Checks {@code req} (decoded without failure). {@code ownAuthority} says whether an
   * absolute-form target's authority names this listener.
   */
  static Verdict check(HttpRequest req, Predicate<String> ownAuthority) {
    if (req.method().equals(HttpMethod.CONNECT)) {
      return new Refused(HttpResponseStatus.METHOD_NOT_ALLOWED, "CONNECT is not supported");
    }
    String uri = req.uri();
    String bad = targetCharProblem(uri);
    if (bad != null) {
      return new Refused(HttpResponseStatus.BAD_REQUEST, bad);
    }
    List<String> hosts = req.headers().getAll(HttpHeaderNames.HOST);
    boolean http11 = req.protocolVersion().equals(HttpVersion.HTTP_1_1);
    if (hosts.size() > 1 || (http11 && hosts.isEmpty())) {
      return new Refused(HttpResponseStatus.BAD_REQUEST, "exactly one Host header is required");
    }
    String host = hosts.isEmpty() ? null : hosts.get(0);
    if (host != null && !isHostValue(host)) {
      return new Refused(HttpResponseStatus.BAD_REQUEST, "invalid Host header");
    }
    List<String> codings = req.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING);
    if (!codings.isEmpty() && !(codings.size() == 1 && isChunkedOnly(codings.get(0)))) {
      // The decoder has made sure chunked is last; codings before it the proxy would have to
      // pass on, and it passes on only chunked (as nginx does: 501).
      return new Refused(HttpResponseStatus.NOT_IMPLEMENTED, "transfer codings other than chunked");
    }
    String origin = RequestTarget.originForm(uri, ownAuthority);
    if (origin == null) {
      boolean absolute = uri.contains("://");
      return absolute
          ? new Refused(
              HttpResponseStatus.FORBIDDEN,
              "this is not a forward proxy: requests for other hosts are refused")
          : new Refused(HttpResponseStatus.BAD_REQUEST, "unsupported request target");
    }
    int q = origin.indexOf('?');
    String rawPath = q < 0 ? origin : origin.substring(0, q);
    String path = PathNormalizer.normalize(rawPath);
    if (path == null) {
      return new Refused(HttpResponseStatus.BAD_REQUEST, "path cannot be normalised safely");
    }
    String target = path.equals(rawPath) ? origin : q < 0 ? path : path + origin.substring(q);
    // RFC 9112 §3.2.2: with an absolute-form target, its authority is the host asked for.
    String authority = uri.startsWith("/") ? null : RequestTarget.authority(uri);
    return new Accepted(target, path, authority != null ? authority : host);
  }

  /**
   * Why the raw target cannot be forwarded, or {@code null}: only visible ASCII belongs in a
   * request target (RFC 9112 §3.2, RFC 3986 §2); a NUL or another control character cuts or splits
   * it for some backend, and a fragment is never sent by a client (RFC 9112 §3.2).
   */
  static String targetCharProblem(String uri) {
    for (int i = 0; i < uri.length(); i++) {
      char c = uri.charAt(i);
      if (c <= 0x20 || c == 0x7f) {
        return "control character in the request target";
      }
      if (c > 0x7f) {
        return "non-ASCII byte in the request target";
      }
      if (c == '#') {
        return "fragment in the request target";
      }
    }
    return null;
  }

  private static boolean isChunkedOnly(String value) {
    return value.strip().equalsIgnoreCase("chunked");
  }

  /**
   * Whether {@code v} has the syntax of {@code uri-host [ ":" port ]} (RFC 3986 §3.2.2): it travels
   * on in {@code X-Forwarded-Host}, where backends build URLs from it. Empty is allowed (RFC 9112
   * §3.2).
   */
  static boolean isHostValue(String v) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "-._~!$&'()*+,;=:[]%".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
