package dev.ssewatch.proxy.frontend;

import dev.ssewatch.proxy.Route;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Where a client's request goes and the head the backend receives for it: a pure function of the
 * decoded head and of the connection's addresses. No channel, no state; the trace context, which
 * needs the exchange's record, is added by the caller.
 */
final class RequestRouting {

  private RequestRouting() {}

  /** The outcome of {@link #route}. */
  sealed interface Outcome permits Refuse, Forward {}

  /** The proxy answers {@code status} itself and closes the connection. */
  record Refuse(HttpResponseStatus status, String reason) implements Outcome {}

  /** {@code request} goes to {@code route}'s backend. */
  record Forward(Route route, HttpRequest request) implements Outcome {}

  /** Where the connection comes from, for the forwarding headers. */
  record Client(String address, String scheme, Predicate<String> ownAuthority) {}

  /**
   * Routes {@code req} by its normalised path through {@code routes} (which answers {@code null}
   * where no route serves a path). A request the decoder failed on is refused with the status its
   * failure calls for.
   */
  static Outcome route(HttpRequest req, Client client, Function<String, Route> routes) {
    if (req.decoderResult().isFailure()) {
      return new Refuse(decoderFailureStatus(req.decoderResult().cause()), "malformed request");
    }
    RequestChecks.Verdict verdict = RequestChecks.check(req, client.ownAuthority());
    if (verdict instanceof RequestChecks.Refused r) {
      return new Refuse(r.status(), r.reason());
    }
    RequestChecks.Accepted accepted = (RequestChecks.Accepted) verdict;
    Route route = routes.apply(accepted.path());
    if (route == null) {
      return new Refuse(HttpResponseStatus.NOT_FOUND, "no route for this path");
    }
    HttpHeaders h = new DefaultHttpHeaders();
    h.add(req.headers());
    HopByHop.strip(h);
    MessageFraming.request(req, h);
    // The backend is the route's, whatever Host says; the host the client asked for only travels
    // on as X-Forwarded-Host.
    h.set(HttpHeaderNames.HOST, route.backendAuthority());
    ForwardedHeaders.add(
        h,
        route.options().forwarded(),
        client.address(),
        client.scheme(),
        accepted.forwardedHost());
    return new Forward(
        route, new DefaultHttpRequest(HttpVersion.HTTP_1_1, req.method(), accepted.target(), h));
  }

  /** A request line or a header section past its limit has a status of its own (RFC 9110 §15). */
  static HttpResponseStatus decoderFailureStatus(Throwable cause) {
    if (cause instanceof TooLongHttpLineException) {
      return HttpResponseStatus.REQUEST_URI_TOO_LONG;
    }
    if (cause instanceof TooLongHttpHeaderException) {
      return HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
    }
    return HttpResponseStatus.BAD_REQUEST;
  }
}
