package dev.ssewatch.proxy.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Whatever {@code Connection} names, the forwarded message is framed as the received one was. */
class MessageFramingTest {

  private static HttpHeaders forwarded(HttpHeaders received) {
    HttpHeaders h = new DefaultHttpHeaders();
    h.add(received);
    HopByHop.strip(h);
    return h;
  }

  @ParameterizedTest(name = "Connection: {0}, {1}: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Content-Length|Content-Length|5",
        "keep-alive, Content-Length|Content-Length|5",
        "content-length|Content-Length|5",
        "Transfer-Encoding|Transfer-Encoding|chunked",
        "close|Content-Length|5",
        "Host, Content-Length|Content-Length|5",
      })
  void requestFramingSurvivesConnectionNominations(String connection, String field, String value) {
    HttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/x");
    req.headers().add("Host", "a").add("Connection", connection).add(field, value);
    HttpHeaders h = forwarded(req.headers());
    MessageFraming.request(req, h);
    assertThat(h.get(field)).isEqualTo(value);
    assertThat(h.contains(field.equals("Content-Length") ? "Transfer-Encoding" : "Content-Length"))
        .isFalse();
  }

  @ParameterizedTest(name = "Connection: {0}")
  @CsvSource({"Content-Length", "'keep-alive, Content-Length'", "close"})
  void responseLengthSurvivesConnectionNominations(String connection) {
    HttpResponse resp = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    resp.headers().add("Connection", connection).add("Content-Length", "12");
    HttpHeaders h = forwarded(resp.headers());
    MessageFraming.response(resp, h);
    assertThat(h.get("Content-Length")).isEqualTo("12");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"Content-Length", "Transfer-Encoding"})
  void aRequestWithoutBodyGetsNoFraming(String connection) {
    HttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/x");
    req.headers().add("Host", "a").add("Connection", connection);
    HttpHeaders h = forwarded(req.headers());
    MessageFraming.request(req, h);
    assertThat(h.contains("Content-Length")).isFalse();
    assertThat(h.contains("Transfer-Encoding")).isFalse();
  }
}
