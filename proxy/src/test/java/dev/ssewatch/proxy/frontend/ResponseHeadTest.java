package dev.ssewatch.proxy.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.proxy.Route;
import dev.ssewatch.proxy.RouteOptions;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The head a client receives and how the exchange is framed, without a channel. */
class ResponseHeadTest {

  private static final URI BACKEND = URI.create("http://127.0.0.1:9000");

  private static final String SSE = "Content-Type: text/event-stream";

  private static HttpResponse response(int status, String headers) {
    HttpResponse r =
        new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status));
    if (!headers.isEmpty()) {
      for (String field : headers.split(";")) {
        int colon = field.indexOf(':');
        r.headers().add(field.substring(0, colon).strip(), field.substring(colon + 1).strip());
      }
    }
    return r;
  }

  /**
   * An exchange for {@code request}: the method, {@code 1.0} or {@code 1.1}, then any of {@code
   * close} (the client did not ask to keep the connection), {@code sending} (its body is still
   * coming) and {@code plain} (a route without anti-buffering headers).
   */
  private static Exchange exchange(String request) {
    List<String> words = List.of(request.split(" "));
    boolean http11 = words.get(1).equals("1.1");
    boolean keepAlive = !words.contains("close");
    RouteOptions options =
        RouteOptions.defaults().toBuilder().antiBufferingHeaders(!words.contains("plain")).build();
    Exchange e =
        new Exchange(
            new Route(null, "/", BACKEND, options),
            null,
            words.get(0).equals("HEAD"),
            http11,
            keepAlive);
    e.requestDone = !words.contains("sending");
    return e;
  }

  private static String flags(ResponseHead h) {
    List<String> set = new ArrayList<>();
    if (h.eventStream()) {
      set.add("stream");
    }
    if (h.lengthFramed()) {
      set.add("length");
    }
    if (h.backendKeepAlive()) {
      set.add("reuse");
    }
    if (h.closeAfter()) {
      set.add("close");
    }
    if (h.canInject()) {
      set.add("inject");
    }
    if (h.relayRaw()) {
      set.add("raw");
    }
    return String.join(" ", set);
  }

  @ParameterizedTest(name = "{0} [{1}] for {2}{3} -> [{4}] {5}")
  @CsvSource(
      delimiter = '|',
      value = {
        // an event stream, chunked: re-chunked, anti-buffering headers, heartbeats, relayed raw
        "200 | Transfer-Encoding: chunked; "
            + SSE
            + " | GET 1.1 | '' | Transfer-Encoding: chunked; Cache-Control: no-cache, no-transform; X-Accel-Buffering: no; Connection: - | stream reuse inject raw",
        // the route keeps the backend's caching headers
        "200 | Transfer-Encoding: chunked; Cache-Control: max-age=5; "
            + SSE
            + " | GET 1.1 plain | '' | Cache-Control: max-age=5; X-Accel-Buffering: - | stream reuse inject raw",
        // an event stream the backend ends by closing: chunked for the client, backend not reused
        "200 | "
            + SSE
            + " | GET 1.1 | '' | Transfer-Encoding: chunked; Content-Length: - | stream inject",
        // with a length: kept, no heartbeat can go in, never relayed raw
        "200 | Content-Length: 12; "
            + SSE
            + " | GET 1.1 | '' | Content-Length: 12; Transfer-Encoding: - | stream length reuse",
        // an error status on an event stream: no heartbeats
        "503 | Transfer-Encoding: chunked; "
            + SSE
            + " | GET 1.1 | '' | Transfer-Encoding: chunked | stream reuse raw",
        // HEAD, 204 and 304 have no body, whatever their headers say
        "200 | Transfer-Encoding: chunked; "
            + SSE
            + " | HEAD 1.1 | '' | Transfer-Encoding: -; Content-Length: - | stream length reuse",
        "204 | '' | GET 1.1 | '' | Transfer-Encoding: -; Content-Length: - | length reuse",
        "304 | Connection: close | GET 1.1 | '' | Connection: - | length",
        // an HTTP/1.0 client: a response without length ends with the connection
        "200 | Transfer-Encoding: chunked; "
            + SSE
            + " | GET 1.0 | '' | Transfer-Encoding: -; Connection: close | stream reuse close inject raw",
        "200 | Content-Length: 3 | GET 1.0 | '' | Connection: keep-alive | length reuse",
        // the client asked to close, its body is still coming, or the proxy is shutting down
        "200 | Content-Length: 3 | GET 1.1 close | '' | Connection: close | length reuse close",
        "200 | Transfer-Encoding: chunked; "
            + SSE
            + " | POST 1.1 sending | '' | Connection: close | stream reuse close inject",
        "200 | Content-Length: 3 | GET 1.1 | shutting down | Connection: close | length reuse close",
        // hop-by-hop fields go, with those Connection names; a backend that closes is not reused
        "200 | Content-Length: 3; Connection: close, X-Hop; X-Hop: 1; Keep-Alive: 5; X-End: 2 | GET 1.1 | '' | X-Hop: -; Keep-Alive: -; X-End: 2; Connection: - | length",
        // Connection naming Content-Length cannot take the framing away
        "200 | Content-Length: 3; Connection: Content-Length | GET 1.1 | '' | Content-Length: 3 | length reuse",
        // not an event stream, chunked: re-chunked, and the backend reused
        "200 | Transfer-Encoding: chunked; Content-Type: application/json | GET 1.1 | '' | Transfer-Encoding: chunked; X-Accel-Buffering: - | reuse",
      })
  void heads(int status, String backend, String request, String shutdown, String sent, String is) {
    ResponseHead h =
        ResponseHead.of(response(status, backend), exchange(request), !shutdown.isEmpty());

    assertThat(h.toClient().protocolVersion()).isEqualTo(HttpVersion.HTTP_1_1);
    assertThat(h.toClient().status().code()).isEqualTo(status);
    for (String field : sent.split("; ")) {
      int colon = field.indexOf(':');
      String name = field.substring(0, colon);
      String value = field.substring(colon + 1).strip();
      if (value.equals("-")) {
        assertThat(h.toClient().headers().contains(name)).as(name).isFalse();
      } else {
        assertThat(h.toClient().headers().getAll(name)).as(name).containsExactly(value);
      }
    }
    assertThat(flags(h)).isEqualTo(is.strip());
  }

  @Test
  void theBackendsHeadIsNotChanged() {
    HttpResponse backend = response(200, "Transfer-Encoding: chunked; Connection: X-A; X-A: 1");
    ResponseHead.of(backend, exchange("GET 1.0"), true);
    assertThat(backend.headers().get("X-A")).isEqualTo("1");
    assertThat(backend.headers().get("Transfer-Encoding")).isEqualTo("chunked");
  }

  @Test
  void anInformationalHeadLosesItsHopByHopFields() {
    HttpResponse head =
        ResponseHead.informational(response(103, "Link: </a.css>; Connection: X-A; X-A: 1"));
    assertThat(head.status().code()).isEqualTo(103);
    assertThat(head.headers().get("Link")).isEqualTo("</a.css>");
    assertThat(head.headers().contains("X-A")).isFalse();
    assertThat(head.headers().contains("Connection")).isFalse();
  }
}
