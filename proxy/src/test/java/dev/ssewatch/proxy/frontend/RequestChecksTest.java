package dev.ssewatch.proxy.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestChecksTest {

  private static final String OWN = "127.0.0.1:8080";

  private static HttpRequest request(String method, String uri, String version, String... headers) {
    HttpRequest r =
        new DefaultHttpRequest(
            HttpVersion.valueOf(version), HttpMethod.valueOf(method), uri, false);
    for (int i = 0; i < headers.length; i += 2) {
      r.headers().add(headers[i], headers[i + 1]);
    }
    return r;
  }

  private static RequestChecks.Verdict check(HttpRequest r) {
    return RequestChecks.check(r, OWN::equals);
  }

  private static int status(RequestChecks.Verdict v) {
    return v instanceof RequestChecks.Refused r ? r.status().code() : 0;
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // raw NUL, other control characters, DEL, non-ASCII, fragments
        "/a\u0000b|400",
        "/a?x=\u0000y|400",
        "/a\u0001b|400",
        "/a\u000bb|400",
        "/a\u007fb|400",
        "/caf\u00e9|400",
        "/a#frag|400",
        "/a?x=1#frag|400",
        // paths that cannot be normalised safely
        "/public/..;/internal|400",
        "/public%2f..%2finternal|400",
        "/..|400",
        "/a%00|400",
        // forms other than origin-form
        "*|400",
        "//evil.example/x|400",
        "http://evil.example/x|403",
        "http://user@127.0.0.1:8080/x|403",
        // accepted
        "/fine|0",
        "/fine?x=%00|0",
        "http://127.0.0.1:8080/fine|0",
      })
  void targets(String uri, int expected) {
    assertThat(status(check(request("GET", uri, "HTTP/1.1", "Host", "a")))).isEqualTo(expected);
  }

  @Test
  void connectIsRefusedWith405() {
    assertThat(status(check(request("CONNECT", "example.com:443", "HTTP/1.1", "Host", "a"))))
        .isEqualTo(405);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "missing on HTTP/1.1|HTTP/1.1||400",
        "missing on HTTP/1.0|HTTP/1.0||0",
        "empty|HTTP/1.1|''|0",
        "with a slash|HTTP/1.1|a/b|400",
        "with a space|HTTP/1.1|a b|400",
        "with userinfo|HTTP/1.1|u@a|400",
        "with a backslash|HTTP/1.1|a\\b|400",
        "name and port|HTTP/1.1|a.example:8080|0",
        "IPv6 literal|HTTP/1.1|[::1]:8080|0",
      })
  void hostValues(String name, String version, String host, int expected) {
    HttpRequest r =
        host == null ? request("GET", "/x", version) : request("GET", "/x", version, "Host", host);
    assertThat(status(check(r))).isEqualTo(expected);
  }

  @Test
  void twoHostHeadersAreRefused() {
    assertThat(status(check(request("GET", "/x", "HTTP/1.1", "Host", "a", "Host", "a"))))
        .isEqualTo(400);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {"chunked|0", "Chunked|0", "' chunked '|0", "gzip, chunked|501", "identity|501"})
  void transferCodings(String te, int expected) {
    HttpRequest r = request("POST", "/x", "HTTP/1.1", "Host", "a", "Transfer-Encoding", te);
    assertThat(status(check(r))).isEqualTo(expected);
  }

  @Test
  void twoTransferEncodingFieldsAreRefused() {
    HttpRequest r =
        request(
            "POST",
            "/x",
            "HTTP/1.1",
            "Host",
            "a",
            "Transfer-Encoding",
            "chunked",
            "Transfer-Encoding",
            "chunked");
    assertThat(status(check(r))).isEqualTo(501);
  }

  @Test
  void theNormalisedPathIsRoutedAndForwardedWithTheQueryAsSent() {
    RequestChecks.Verdict v =
        check(request("GET", "/public/%2e%2e/internal/x?a=%2e%2e&b", "HTTP/1.1", "Host", "a"));
    assertThat(v)
        .isEqualTo(new RequestChecks.Accepted("/internal/x?a=%2e%2e&b", "/internal/x", "a"));
  }

  @Test
  void anAbsoluteFormAuthorityIsTheForwardedHostWhateverHostSays() {
    RequestChecks.Verdict v =
        check(request("GET", "http://127.0.0.1:8080/x?y", "HTTP/1.1", "Host", "other.example"));
    assertThat(v).isEqualTo(new RequestChecks.Accepted("/x?y", "/x", "127.0.0.1:8080"));
  }

  @Test
  void anOriginFormTargetForwardsHost() {
    assertThat(check(request("GET", "/x", "HTTP/1.1", "Host", "a.example")))
        .isEqualTo(new RequestChecks.Accepted("/x", "/x", "a.example"));
  }
}
