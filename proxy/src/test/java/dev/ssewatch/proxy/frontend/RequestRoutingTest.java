package dev.ssewatch.proxy.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.proxy.ProxyConfig;
import dev.ssewatch.proxy.Route;
import dev.ssewatch.proxy.RouteOptions;
import dev.ssewatch.proxy.RouteOptions.ForwardedStyle;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Routing and the backend's request head, without a channel. */
class RequestRoutingTest {

  private static final String OWN = "127.0.0.1:8080";

  private static final ProxyConfig CONFIG =
      ProxyConfig.builder()
          .route(
              new Route("api", "/api", URI.create("http://10.0.0.1:9000"), RouteOptions.defaults()))
          .route(
              new Route(
                  "legacy",
                  "/legacy",
                  URI.create("https://backend.example"),
                  RouteOptions.defaults().withForwarded(ForwardedStyle.FORWARDED)))
          .build();

  private static final RequestRouting.Client CLIENT =
      new RequestRouting.Client("192.0.2.7", "https", OWN::equals);

  private static HttpRequest request(String method, String uri, String version, String headers) {
    HttpRequest r =
        new DefaultHttpRequest(
            HttpVersion.valueOf(version), HttpMethod.valueOf(method), uri, false);
    if (!headers.isEmpty()) {
      for (String field : headers.split(";")) {
        int colon = field.indexOf(':');
        r.headers().add(field.substring(0, colon).strip(), field.substring(colon + 1).strip());
      }
    }
    return r;
  }

  private static RequestRouting.Outcome route(HttpRequest r) {
    return RequestRouting.route(r, CLIENT, CONFIG::route);
  }

  private static Map<String, String> fields(HttpHeaders h) {
    Map<String, String> m = new LinkedHashMap<>();
    h.forEach(e -> m.merge(e.getKey(), e.getValue(), (a, b) -> a + " | " + b));
    return m;
  }

  @ParameterizedTest(name = "{0} {1} {2} [{3}] -> {4}")
  @CsvSource(
      delimiter = '|',
      value = {
        // refused by the request checks, with their status and reason
        "CONNECT | example.com:443       | HTTP/1.1 | Host: a | 405 | CONNECT is not supported",
        "GET     | /api/a#f              | HTTP/1.1 | Host: a | 400 | fragment in the request target",
        "GET     | /api/x                | HTTP/1.1 | ''      | 400 | exactly one Host header is required",
        "GET     | http://other:1/api/x  | HTTP/1.1 | Host: a | 403 | this is not a forward proxy: requests for other hosts are refused",
        "GET     | /api/../../etc        | HTTP/1.1 | Host: a | 400 | path cannot be normalised safely",
        // passes the checks, but no route serves the path
        "GET     | /                     | HTTP/1.1 | Host: a | 404 | no route for this path",
        "GET     | /apix                 | HTTP/1.1 | Host: a | 404 | no route for this path",
        "GET     | /other/api            | HTTP/1.0 | ''      | 404 | no route for this path",
      })
  void refusals(String method, String uri, String version, String headers, int status, String why) {
    RequestRouting.Outcome o = route(request(method, uri, version, headers));
    assertThat(o).isInstanceOf(RequestRouting.Refuse.class);
    RequestRouting.Refuse r = (RequestRouting.Refuse) o;
    assertThat(r.status().code()).isEqualTo(status);
    assertThat(r.reason()).isEqualTo(why);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "line  | 414",
        "head  | 431",
        "other | 400",
      })
  void decoderFailuresAreRefusedWithTheStatusTheirCauseCallsFor(String cause, int status) {
    HttpRequest r = request("GET", "/bad-request", "HTTP/1.1", "");
    r.setDecoderResult(
        DecoderResult.failure(
            switch (cause) {
              case "line" -> new TooLongHttpLineException("too long");
              case "head" -> new TooLongHttpHeaderException("too large");
              default -> new IllegalArgumentException("invalid");
            }));
    RequestRouting.Refuse refuse = (RequestRouting.Refuse) route(r);
    assertThat(refuse.status().code()).isEqualTo(status);
    assertThat(refuse.reason()).isEqualTo("malformed request");
  }

  @ParameterizedTest(name = "{0} {1} [{2}] -> {3} {4} [{5}]")
  @CsvSource(
      delimiter = '|',
      value = {
        // Host is the backend's; the client's goes on as X-Forwarded-Host
        "GET | /api/events?x=1 | Host: public.example | api | /api/events?x=1 | host=10.0.0.1:9000; x-forwarded-for=192.0.2.7; x-forwarded-proto=https; x-forwarded-host=public.example",
        // the normalised path is forwarded, the query as sent
        "GET | /api/./a/b/../c?q=%2e | Host: h | api | /api/a/c?q=%2e | host=10.0.0.1:9000",
        // an absolute-form target naming this listener: origin-form, and its authority is the host
        "GET | http://127.0.0.1:8080/api/x | Host: h | api | /api/x | x-forwarded-host=127.0.0.1:8080",
        // hop-by-hop fields go, with those Connection names
        "GET | /api/x | Host: h; Connection: X-Secret; X-Secret: 1; Keep-Alive: 5; TE: trailers; X-Kept: 2 | api | /api/x | x-kept=2; connection=; x-secret=; keep-alive=; te=",
        // a chain of proxies: this hop is added to the list
        "GET | /api/x | Host: h; X-Forwarded-For: 198.51.100.1 | api | /api/x | x-forwarded-for=198.51.100.1, 192.0.2.7",
        // the route's Forwarded style
        "GET | /legacy/x | Host: h | legacy | /legacy/x | host=backend.example; forwarded=for=192.0.2.7;proto=https;host=h; x-forwarded-for=",
        // framing: the body is framed as it was received
        "POST | /api/x | Host: h; Content-Length: 5 | api | /api/x | content-length=5; transfer-encoding=",
        "POST | /api/x | Host: h; Transfer-Encoding: chunked; Connection: Transfer-Encoding | api | /api/x | transfer-encoding=chunked; content-length=",
      })
  void forwards(
      String method, String uri, String headers, String route, String target, String expected) {
    RequestRouting.Outcome o = route(request(method, uri, "HTTP/1.1", headers));
    assertThat(o).isInstanceOf(RequestRouting.Forward.class);
    RequestRouting.Forward f = (RequestRouting.Forward) o;
    assertThat(f.route().name()).isEqualTo(route);
    assertThat(f.request().uri()).isEqualTo(target);
    assertThat(f.request().method().name()).isEqualTo(method);
    Map<String, String> sent = fields(f.request().headers());
    for (String pair : expected.split("; ")) {
      int eq = pair.indexOf('=');
      String name = pair.substring(0, eq);
      String value = pair.substring(eq + 1);
      if (value.isEmpty()) {
        assertThat(f.request().headers().contains(name)).as(name + " in " + sent).isFalse();
      } else {
        assertThat(f.request().headers().getAll(name)).as(name).containsExactly(value);
      }
    }
  }

  @Test
  void anHttp10RequestGoesToTheBackendAsHttp11() {
    RequestRouting.Forward f =
        (RequestRouting.Forward) route(request("GET", "/api/x", "HTTP/1.0", ""));
    assertThat(f.request().protocolVersion()).isEqualTo(HttpVersion.HTTP_1_1);
    assertThat(f.request().headers().get("Host")).isEqualTo("10.0.0.1:9000");
    assertThat(f.request().headers().contains("X-Forwarded-Host")).isFalse();
  }
}
