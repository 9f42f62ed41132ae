package dev.ssewatch.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssewatch.core.telemetry.StreamStart;
import dev.ssewatch.core.testing.RecordingConsumer;
import dev.ssewatch.proxy.sse.StreamTaps;
import io.netty.util.ResourceLeakDetector;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Requests and responses as an attacker would send them, one test per class of attack. Each says
 * what the client gets and exactly what reached the backend, which records every byte it receives:
 * a request the proxy did not parse would show up there.
 */
class HostileInputTest {

  /** A request that, read as a second request by the backend, would have been smuggled. */
  private static final String SMUGGLED = "GET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n";

  private RecordingBackend backend;
  private ProxyServer proxy;

  @BeforeAll
  static void paranoidLeakDetection() {
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
  }

  @AfterEach
  void stop() throws Exception {
    if (proxy != null) {
      proxy.shutdown(Duration.ZERO);
    }
    if (backend != null) {
      backend.close();
    }
  }

  private void start(RecordingBackend.Responder responder) throws IOException {
    backend = new RecordingBackend(responder);
    proxy = ProxyFixture.start(backend.uri(), StreamTaps.NONE);
  }

  /** The head the backend receives for a request with these end-to-end fields and framing. */
  private String forwardedHead(String requestLine, String endToEnd, String framing, String host) {
    return requestLine
        + "\r\n"
        + endToEnd
        + framing
        + "host: "
        + backend.authority()
        + "\r\nX-Forwarded-For: 127.0.0.1\r\nX-Forwarded-Proto: http\r\n"
        + (host == null ? "" : "X-Forwarded-Host: " + host + "\r\n")
        + "\r\n";
  }

  private static List<TestBackend.Request> parse(String received) throws IOException {
    InputStream in = new ByteArrayInputStream(received.getBytes(StandardCharsets.ISO_8859_1));
    List<TestBackend.Request> out = new ArrayList<>();
    TestBackend.Request r;
    while ((r = TestBackend.readRequest(in)) != null) {
      out.add(r);
    }
    return out;
  }

  // ---- request framing: a Connection header cannot remove it ------------------------------------

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "POST, Connection: Content-Length|POST /a HTTP/1.1|Connection: Content-Length",
        "GET with a body|GET /a HTTP/1.1|Connection: Content-Length",
        "keep-alive and Content-Length|POST /a HTTP/1.1|Connection: keep-alive, Content-Length",
        "two Connection fields|POST /a HTTP/1.1|Connection: keep-alive\\r\\nConnection: content-length",
        "HTTP/1.0|POST /a HTTP/1.0|Connection: keep-alive, Content-Length",
        "Host and Content-Length|POST /a HTTP/1.1|Connection: Host, Content-Length",
      })
  void aConnectionHeaderNamingContentLengthCannotSmuggleTheBody(
      String name, String requestLine, String connection) throws Exception {
    connection = wire(connection);
    start(RecordingBackend.OK);
    try (RawClient c = new RawClient(proxy.port())) {
      c.send(
          requestLine
              + "\r\nHost: a\r\n"
              + connection
              + "\r\nContent-Length: "
              + SMUGGLED.length()
              + "\r\n\r\n"
              + SMUGGLED);
      assertThat(c.response()).startsWith("HTTP/1.1 200").endsWith("\r\n\r\nok");
    }
    // One request, its body the would-be smuggled one, framed by the proxy's own Content-Length.
    assertThat(backend.received())
        .containsExactly(
            forwardedHead(
                    requestLine.replace("HTTP/1.0", "HTTP/1.1"),
                    "",
                    "content-length: " + SMUGGLED.length() + "\r\n",
                    "a")
                + SMUGGLED);
  }

  @Test
  void aConnectionHeaderNamingTransferEncodingCannotSmuggleTheBody() throws Exception {
    start(RecordingBackend.OK);
    String chunked = Integer.toHexString(SMUGGLED.length()) + "\r\n" + SMUGGLED + "\r\n0\r\n\r\n";
    try (RawClient c = new RawClient(proxy.port())) {
      c.send(
          "POST /a HTTP/1.1\r\nHost: a\r\nConnection: Transfer-Encoding\r\n"
              + "Transfer-Encoding: chunked\r\n\r\n"
              + chunked);
      assertThat(c.response()).startsWith("HTTP/1.1 200").endsWith("\r\n\r\nok");
    }
    String received = backend.received().get(0);
    assertThat(received)
        .startsWith(forwardedHead("POST /a HTTP/1.1", "", "transfer-encoding: chunked\r\n", "a"))
        .endsWith("0\r\n\r\n");
    List<TestBackend.Request> requests = parse(received);
    assertThat(requests).hasSize(1);
    assertThat(new String(requests.get(0).body(), StandardCharsets.ISO_8859_1)).isEqualTo(SMUGGLED);
  }

  @Test
  void hopByHopFieldsAndWhatConnectionNamesAreRemovedButHostIsTheBackends() throws Exception {
    start(RecordingBackend.OK);
    try (RawClient c = new RawClient(proxy.port())) {
      c.send(
          "GET /a HTTP/1.1\r\nHost: a\r\nConnection: Upgrade, X-Private, Host\r\n"
              + "Upgrade: h2c\r\nX-Private: p\r\nKeep-Alive: timeout=5\r\nTE: trailers\r\n"
              + "Proxy-Connection: keep-alive\r\nX-End: e\r\n\r\n");
      assertThat(c.response()).startsWith("HTTP/1.1 200");
    }
    assertThat(backend.received())
        .containsExactly(forwardedHead("GET /a HTTP/1.1", "X-End: e\r\n", "", "a"));
  }

  // ---- response framing: a Connection header cannot remove it -----------------------------------

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Connection: Content-Length|Connection: Content-Length",
        "keep-alive and Content-Length|Connection: keep-alive, Content-Length",
        "an event stream|Connection: Content-Length\\r\\nContent-Type: text/event-stream",
      })
  void aResponseKeepsItsLengthWhateverConnectionNames(String name, String fields) throws Exception {
    start(
        (req, out, s) -> {
          write(out, "HTTP/1.1 200 OK\r\n" + fields + "\r\nContent-Length: 5\r\n\r\nhello");
          return true;
        });
    try (RawClient c = new RawClient(proxy.port())) {
      // Two requests on one kept-alive connection: the second response must not be glued onto
      // the first one's body.
      c.send("GET /one HTTP/1.1\r\nHost: a\r\n\r\n");
      String first = c.response();
      c.send("GET /two HTTP/1.1\r\nHost: a\r\n\r\n");
      String second = c.response();
      for (String r : List.of(first, second)) {
        assertThat(r).startsWith("HTTP/1.1 200").contains("\r\ncontent-length: 5\r\n");
        assertThat(r).endsWith("\r\n\r\nhello").doesNotContainIgnoringCase("connection:");
      }
    }
    assertThat(backend.connections).hasSize(1);
  }

  @Test
  void aChunkedResponseNamingTransferEncodingInConnectionIsStillChunked() throws Exception {
    start(
        (req, out, s) -> {
          write(
              out,
              "HTTP/1.1 200 OK\r\nConnection: Transfer-Encoding\r\nTransfer-Encoding: chunked\r\n"
                  + "\r\n5\r\nhello\r\n0\r\n\r\n");
          return true;
        });
    try (RawClient c = new RawClient(proxy.port())) {
      c.send("GET /one HTTP/1.1\r\nHost: a\r\n\r\n");
      assertThat(c.response())
          .contains("\r\ntransfer-encoding: chunked\r\n")
          .endsWith("\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
      c.send("GET /two HTTP/1.1\r\nHost: a\r\n\r\n");
      assertThat(c.response()).endsWith("5\r\nhello\r\n0\r\n\r\n");
    }
  }

  @Test
  void aCloseDelimitedResponseIsChunkedForAKeptAliveClient() throws Exception {
    start(
        (req, out, s) -> {
          write(out, "HTTP/1.1 200 OK\r\nConnection: close, Content-Length\r\n\r\nhello");
          return false;
        });
    try (RawClient c = new RawClient(proxy.port())) {
      c.send("GET /one HTTP/1.1\r\nHost: a\r\n\r\n");
      assertThat(c.response())
          .contains("\r\ntransfer-encoding: chunked\r\n")
          .endsWith("5\r\nhello\r\n0\r\n\r\n");
      c.send("GET /two HTTP/1.1\r\nHost: a\r\n\r\n");
      assertThat(c.response()).endsWith("5\r\nhello\r\n0\r\n\r\n");
    }
  }

  // ---- the request target ---------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "raw NUL|/a\\0b|400",
        "NUL in the query|/a?x=\\0y|400",
        "encoded NUL in the path|/a%00b|400",
        "fragment|/a#frag|400",
        "fragment after a query|/a?x=1#frag|400",
        "control character|/a\u0001b|400",
        "vertical tab|/a\u000bb|400",
        "DEL|/a\u007fb|400",
        "non-ASCII byte|/caf\u00e9|400",
        "encoded CR LF|/a%0d%0aSet-Cookie:%20x=1|400",
        "asterisk-form|*|400",
        "network-path reference|//evil.example/x|400",
        "absolute-form for another host|http://evil.example/x|403",
        "absolute-form with userinfo|http://u@127.0.0.1:1/x|403",
      })
  void badTargetsAreRefusedAndNeverReachTheBackend(String name, String rawTarget, int status)
      throws Exception {
    String target = wire(rawTarget);
    start(RecordingBackend.OK);
    try (RawClient c = new RawClient(proxy.port())) {
      c.send("GET " + target + " HTTP/1.1\r\nHost: a\r\n\r\n");
      assertThat(c.response()).startsWith("HTTP/1.1 " + status);
      assertThat(c.closedByPeer()).isTrue();
    }
    assertThat(backend.connections).isEmpty();
  }

  @Test
  void anEncodedNulInTheQueryIsForwardedAsSent() throws Exception {
    start(RecordingBackend.OK);
    try (RawClient c = new RawClient(proxy.port())) {
      c.send("GET /a?x=%00 HTTP/1.1\r\nHost: a\r\n\r\n");
      assertThat(c.response()).startsWith("HTTP/1.1 200");
    }
    assertThat(backend.received())
        .containsExactly(forwardedHead("GET /a?x=%00 HTTP/1.1", "", "", "a"));
  }

  // ---- routes are an allowlist: they match the normalised path ----------------------------------

  private void startWithPublicRouteOnly() throws IOException {
    backend = new RecordingBackend(RecordingBackend.OK);
    proxy =
        ProxyFixture.start(
            backend.uri(),
            StreamTaps.NONE,
            UnaryOperator.identity(),
            b ->
                ProxyConfig.builder()
                    .listen(new InetSocketAddress("127.0.0.1", 0))
                    .admin(null)
                    .drain(Duration.ZERO)
                    .route(
                        new Route("public", "/public", backend.uri(), ProxyFixture.fastOptions())));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/public/../internal/x|404",
        "/public/%2e%2e/internal/x|404",
        "/public/%2E%2E/internal/x|404",
        "/public/.%2e/internal/x|404",
        "/public/..;/internal/x|400",
        "/public/..;jsessionid=1/internal/x|400",
        "/public%2f..%2finternal/x|400",
        "/public/..%2finternal/x|400",
        "/public/..\\internal/x|400",
        "/public/%5c..%5cinternal/x|400",
        "/public/../../x|400",
        "/public%|400",
      })
  void pathsThatLeaveTheRouteAreRefused(String target, int status) throws Exception {
    startWithPublicRouteOnly();
    try (RawClient c = new RawClient(proxy.port())) {
      c.send("GET " + target + " HTTP/1.1\r\nHost: a\r\n\r\n");
      assertThat(c.response()).startsWith("HTTP/1.1 " + status);
    }
    assertThat(backend.connections).isEmpty();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/public/./a/../x?q=%2e%2e/..|/public/x?q=%2e%2e/..",
        "/public/%7Euser/%41|/public/~user/A",
      })
  void theBackendReceivesTheNormalisedPath(String target, String forwarded) throws Exception {
    startWithPublicRouteOnly();
    try (RawClient c = new RawClient(proxy.port())) {
      c.send("GET " + target + " HTTP/1.1\r\nHost: a\r\n\r\n");
      String resp = c.response();
      assertThat(resp).startsWith("HTTP/1.1 200");
    }
    assertThat(backend.received())
        .containsExactly(forwardedHead("GET " + forwarded + " HTTP/1.1", "", "", "a"));
  }

  // ---- Host ----------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "missing|GET /a HTTP/1.1\\r\\n\\r\\n",
        "repeated|GET /a HTTP/1.1\\r\\nHost: a\\r\\nHost: a\\r\\n\\r\\n",
        "repeated, different|GET /a HTTP/1.1\\r\\nHost: a\\r\\nHost: b\\r\\n\\r\\n",
        "with a path|GET /a HTTP/1.1\\r\\nHost: a/b\\r\\n\\r\\n",
        "with userinfo|GET /a HTTP/1.1\\r\\nHost: evil@a\\r\\n\\r\\n",
        "with a space|GET /a HTTP/1.1\\r\\nHost: a b\\r\\n\\r\\n",
      })
  void badHostHeadersAreRefused(String name, String rawRequest) throws Exception {
    String request = wire(rawRequest);
    start(RecordingBackend.OK);
    try (RawClient c = new RawClient(proxy.port())) {
      c.send(request);
      assertThat(c.response()).startsWith("HTTP/1.1 400");
    }
    assertThat(backend.connections).isEmpty();
  }

  @Test
  void anAbsoluteFormTargetsAuthorityIsTheForwardedHostWhateverHostSays() throws Exception {
    start(RecordingBackend.OK);
    String own = "127.0.0.1:" + proxy.port();
    try (RawClient c = new RawClient(proxy.port())) {
      c.send("GET http://" + own + "/a?b=1 HTTP/1.1\r\nHost: other.example\r\n\r\n");
      assertThat(c.response()).startsWith("HTTP/1.1 200");
    }
    assertThat(backend.received())
        .containsExactly(forwardedHead("GET /a?b=1 HTTP/1.1", "", "", own));
  }

  // ---- heads Netty's decoder refuses (these held before; kept so they go on holding) ------------

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Content-Length and Transfer-Encoding|POST /a HTTP/1.1\\r\\nHost: a\\r\\nContent-Length: 5\\r\\n"
            + "Transfer-Encoding: chunked\\r\\n\\r\\n0\\r\\n\\r\\n|400",
        "Transfer-Encoding and Content-Length|POST /a HTTP/1.1\\r\\nHost: a\\r\\n"
            + "Transfer-Encoding: chunked\\r\\nContent-Length: 5\\r\\n\\r\\n0\\r\\n\\r\\n|400",
        "two Content-Length fields|POST /a HTTP/1.1\\r\\nHost: a\\r\\nContent-Length: 5\\r\\n"
            + "Content-Length: 5\\r\\n\\r\\nhello|400",
        "a Content-Length list|POST /a HTTP/1.1\\r\\nHost: a\\r\\nContent-Length: 5, 5\\r\\n\\r\\nhello|400",
        "two different lengths|POST /a HTTP/1.1\\r\\nHost: a\\r\\nContent-Length: 5\\r\\n"
            + "Content-Length: 6\\r\\n\\r\\nhello!|400",
        "negative length|POST /a HTTP/1.1\\r\\nHost: a\\r\\nContent-Length: -1\\r\\n\\r\\nhello|400",
        "signed length|POST /a HTTP/1.1\\r\\nHost: a\\r\\nContent-Length: +5\\r\\n\\r\\nhello|400",
        "overflowing length|POST /a HTTP/1.1\\r\\nHost: a\\r\\n"
            + "Content-Length: 99999999999999999999\\r\\n\\r\\nhello|400",
        "chunked, identity|POST /a HTTP/1.1\\r\\nHost: a\\r\\nTransfer-Encoding: chunked, identity"
            + "\\r\\n\\r\\n0\\r\\n\\r\\n|400",
        "xchunked|POST /a HTTP/1.1\\r\\nHost: a\\r\\nTransfer-Encoding: xchunked\\r\\n\\r\\n"
            + "0\\r\\n\\r\\n|400",
        "obs-folded Transfer-Encoding|POST /a HTTP/1.1\\r\\nHost: a\\r\\nTransfer-Encoding:\\r\\n"
            + " chunked\\r\\n\\r\\n0\\r\\n\\r\\n|400",
        "gzip, chunked|POST /a HTTP/1.1\\r\\nHost: a\\r\\nTransfer-Encoding: gzip, chunked\\r\\n\\r\\n"
            + "0\\r\\n\\r\\n|501",
        "two Transfer-Encoding fields|POST /a HTTP/1.1\\r\\nHost: a\\r\\nTransfer-Encoding: chunked"
            + "\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n0\\r\\n\\r\\n|400",
        "Transfer-Encoding in HTTP/1.0|POST /a HTTP/1.0\\r\\nHost: a\\r\\n"
            + "Transfer-Encoding: chunked\\r\\n\\r\\n0\\r\\n\\r\\n|400",
        "bare LF line ends|GET /a HTTP/1.1\\nHost: a\\n\\n|400",
        "bare CR in a header|GET /a HTTP/1.1\\r\\nHost: a\\rX: y\\r\\n\\r\\n|400",
        "NUL in a header value|GET /a HTTP/1.1\\r\\nHost: a\\r\\nX: y\\0z\\r\\n\\r\\n|400",
        "control character in a header value|GET /a HTTP/1.1\\r\\nHost: a\\r\\nX: y\u0001z\\r\\n\\r\\n|400",
        "space before the colon|GET /a HTTP/1.1\\r\\nHost : a\\r\\n\\r\\n|400",
        "tab in the request line|GET /a\\tb HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n|400",
        "not HTTP at all|GARBAGE\\r\\n\\r\\n|400",
        "CONNECT|CONNECT a.example:443 HTTP/1.1\\r\\nHost: a.example:443\\r\\n\\r\\n|405",
      })
  void malformedHeadsAreRefusedAndNeverReachTheBackend(String name, String rawRequest, int status)
      throws Exception {
    String request = wire(rawRequest);
    start(RecordingBackend.OK);
    try (RawClient c = new RawClient(proxy.port())) {
      c.send(request);
      assertThat(c.response()).startsWith("HTTP/1.1 " + status);
      assertThat(c.closedByPeer()).isTrue();
    }
    assertThat(backend.connections).isEmpty();
  }

  @Test
  void oversizeRequestLinesAndHeadsAreRefused() throws Exception {
    start(RecordingBackend.OK);
    try (RawClient c = new RawClient(proxy.port())) {
      c.send("GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: a\r\n\r\n");
      assertThat(c.response()).startsWith("HTTP/1.1 414");
    }
    try (RawClient c = new RawClient(proxy.port())) {
      c.send("GET /a HTTP/1.1\r\nHost: a\r\nX-Big: " + "b".repeat(10_000) + "\r\n\r\n");
      assertThat(c.response()).startsWith("HTTP/1.1 431");
    }
    try (RawClient c = new RawClient(proxy.port())) {
      StringBuilder many = new StringBuilder("GET /a HTTP/1.1\r\nHost: a\r\n");
      for (int i = 0; i < 2000; i++) {
        many.append("X-").append(i).append(": v\r\n");
      }
      c.send(many.append("\r\n").toString());
      assertThat(c.response()).startsWith("HTTP/1.1 431");
    }
    assertThat(backend.connections).isEmpty();
  }

  @Test
  void anObsFoldedFieldIsForwardedUnfolded() throws Exception {
    start(RecordingBackend.OK);
    try (RawClient c = new RawClient(proxy.port())) {
      c.send("GET /a HTTP/1.1\r\nHost: a\r\nX-A: one\r\n two\r\n\r\n");
      assertThat(c.response()).startsWith("HTTP/1.1 200");
    }
    assertThat(backend.received())
        .containsExactly(forwardedHead("GET /a HTTP/1.1", "X-A: one two\r\n", "", "a"));
  }

  // ---- request bodies: chunk-size abuse ---------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "overflowing size|ffffffffffffffffff\\r\\nhello\\r\\n0\\r\\n\\r\\n",
        "negative size|-5\\r\\nhello\\r\\n0\\r\\n\\r\\n",
        "size with a sign|+5\\r\\nhello\\r\\n0\\r\\n\\r\\n",
        "not hex|zz\\r\\nhello\\r\\n0\\r\\n\\r\\n",
        "bare LF after the size|5\\nhello\\r\\n0\\r\\n\\r\\n",
        "space inside the size|5 5\\r\\nhello\\r\\n0\\r\\n\\r\\n",
      })
  void malformedChunksEndTheRequestWithoutForwardingTheirData(String name, String rawBody)
      throws Exception {
    String body = wire(rawBody);
    start(RecordingBackend.OK);
    try (RawClient c = new RawClient(proxy.port())) {
      c.send("POST /a HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n" + body);
      String resp = c.rest();
      // The head has gone to the backend by then; the client gets a 400, or a close if the
      // backend answered first, and nothing of the body is ever forwarded.
      assertThat(resp)
          .satisfiesAnyOf(
              r -> assertThat(r).startsWith("HTTP/1.1 400"),
              r -> assertThat(r).doesNotContain("hello"));
    }
    String head = forwardedHead("POST /a HTTP/1.1", "", "transfer-encoding: chunked\r\n", "a");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> backend.connections.stream().allMatch(r -> r.closed));
    assertThat(backend.received()).allSatisfy(r -> assertThat(head).startsWith(r));
  }

  @Test
  void chunkExtensionsAreDroppedAndTheDataForwarded() throws Exception {
    start(RecordingBackend.OK);
    try (RawClient c = new RawClient(proxy.port())) {
      c.send(
          "POST /a HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
              + "5;ext=1;q=\"x\"\r\nhello\r\n0\r\n\r\n");
      assertThat(c.response()).startsWith("HTTP/1.1 200");
    }
    String received = backend.received().get(0);
    assertThat(received)
        .startsWith(forwardedHead("POST /a HTTP/1.1", "", "transfer-encoding: chunked\r\n", "a"))
        .doesNotContain("ext");
    List<TestBackend.Request> requests = parse(received);
    assertThat(requests).hasSize(1);
    assertThat(requests.get(0).body()).isEqualTo("hello".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void framingFieldsInRequestTrailersAreDropped() throws Exception {
    start(RecordingBackend.OK);
    try (RawClient c = new RawClient(proxy.port())) {
      c.send(
          "POST /a HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
              + "5\r\nhello\r\n0\r\nContent-Length: 99\r\nTransfer-Encoding: gzip\r\n"
              + "X-T: 1\r\n\r\n");
      assertThat(c.response()).startsWith("HTTP/1.1 200");
    }
    String received = backend.received().get(0);
    // The trailer section is exactly the harmless field, and the framing fields are nowhere,
    // matched by name: their values could be part of the backend's port in the forwarded head.
    assertThat(received.substring(received.lastIndexOf("\r\n0\r\n") + 2))
        .isEqualTo("0\r\nX-T: 1\r\n\r\n");
    assertThat(received).doesNotContainIgnoringCase("content-length").doesNotContain("gzip");
  }

  @Test
  void aChunkExtensionHidingARequestNeverForwardsIt() throws Exception {
    start(RecordingBackend.OK);
    try (RawClient c = new RawClient(proxy.port())) {
      c.send(
          "POST /a HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
              + "2;ext=\"x\r\n"
              + SMUGGLED
              + "\"\r\nhi\r\n0\r\n\r\n");
      c.rest();
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> backend.connections.stream().allMatch(r -> r.closed));
    for (String received : backend.received()) {
      assertThat(parse(received)).extracting(TestBackend.Request::target).containsOnly("/a");
    }
  }

  // ---- the backend's side -----------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "bare CR in a header value|HTTP/1.1 200 OK\\r\\nX-Bad: a\\rSet-Cookie: x=1\\r\\n"
            + "Content-Length: 2\\r\\n\\r\\nok",
        "NUL in a header value|HTTP/1.1 200 OK\\r\\nX-Bad: a\\0b\\r\\nContent-Length: 2\\r\\n\\r\\nok",
        "control character in a header value|HTTP/1.1 200 OK\\r\\nX-Bad: a\u0001b\\r\\n"
            + "Content-Length: 2\\r\\n\\r\\nok",
        "bare LF line ends|HTTP/1.1 200 OK\\nContent-Length: 2\\n\\nok",
        "two lengths|HTTP/1.1 200 OK\\r\\nContent-Length: 2\\r\\nContent-Length: 3\\r\\n\\r\\nok!",
        "not HTTP|NOT HTTP AT ALL\\r\\n\\r\\n",
      })
  void aMalformedBackendResponseGetsA502AndNoneOfItsHeaders(String name, String rawResponse)
      throws Exception {
    String response = wire(rawResponse);
    start(
        (req, out, s) -> {
          write(out, response);
          return false;
        });
    try (RawClient c = new RawClient(proxy.port())) {
      c.send("GET /a HTTP/1.1\r\nHost: a\r\n\r\n");
      String resp = c.response();
      assertThat(resp)
          .startsWith("HTTP/1.1 502")
          .doesNotContain("Set-Cookie")
          .doesNotContain("X-Bad");
      assertThat(c.closedByPeer()).isTrue();
    }
  }

  @Test
  void anObsFoldedResponseFieldReachesTheClientOnOneLine() throws Exception {
    start(
        (req, out, s) -> {
          write(
              out, "HTTP/1.1 200 OK\r\nX-F: a\r\n Set-Cookie: x=1\r\nContent-Length: 2\r\n\r\nok");
          return true;
        });
    try (RawClient c = new RawClient(proxy.port())) {
      c.send("GET /a HTTP/1.1\r\nHost: a\r\n\r\n");
      String resp = c.response();
      assertThat(resp).contains("\r\nX-F: a Set-Cookie: x=1\r\n").doesNotContain("\r\nSet-Cookie");
    }
  }

  @Test
  void aSecondResponseNobodyAskedForIsNeverForwarded() throws Exception {
    start(
        (req, out, s) -> {
          // Response splitting: one request, two responses.
          write(
              out,
              "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
                  + "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nevil");
          return true;
        });
    try (RawClient c = new RawClient(proxy.port())) {
      c.send("GET /one HTTP/1.1\r\nHost: a\r\n\r\n");
      assertThat(c.response()).endsWith("\r\n\r\nok");
      // The backend connection is out of step: the next request gets a connection of its own.
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> backend.connections.stream().allMatch(r -> r.closed));
      c.send("GET /two HTTP/1.1\r\nHost: a\r\n\r\n");
      String second = c.response();
      assertThat(second).endsWith("\r\n\r\nok").doesNotContain("evil");
    }
    assertThat(backend.connections).hasSize(2);
  }

  @ParameterizedTest(name = "reset: {0}")
  @CsvSource({"false", "true"})
  void aBackendThatBreaksOffAStreamBreaksTheClientsStreamToo(boolean reset) throws Exception {
    start(
        (req, out, s) -> {
          write(
              out,
              "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                  + "Transfer-Encoding: chunked\r\n\r\n9\r\ndata: 1\n\n\r\n");
          if (reset) {
            s.setSoLinger(true, 0);
          }
          s.close();
          return false;
        });
    try (RawClient c = new RawClient(proxy.port())) {
      c.send("GET /events HTTP/1.1\r\nHost: a\r\n\r\n");
      String all = c.rest();
      assertThat(all).startsWith("HTTP/1.1 200").contains("data: 1\n\n");
      // No terminating chunk: the client sees a broken stream, not a clean end.
      assertThat(all).doesNotEndWith("0\r\n\r\n");
    }
  }

  @Test
  void aBackendThatClosesBeforeAnsweringGetsA502() throws Exception {
    start((req, out, s) -> false);
    try (RawClient c = new RawClient(proxy.port())) {
      c.send("GET /a HTTP/1.1\r\nHost: a\r\n\r\n");
      assertThat(c.response()).startsWith("HTTP/1.1 502");
    }
  }

  // ---- telemetry: refused requests cannot add route values
  // ---------------------------------------

  @Test
  void everyRefusedRequestHasTheSameRouteInTelemetry() throws Exception {
    backend = new RecordingBackend(RecordingBackend.OK);
    RecordingConsumer records = new RecordingConsumer();
    proxy = ProxyFixture.startRecording(backend.uri(), records, o -> o);
    List<String> requests =
        List.of(
            "GET /a\u0000b HTTP/1.1\r\nHost: a\r\n\r\n",
            "GET http://evil.example/x HTTP/1.1\r\nHost: evil.example\r\n\r\n",
            "GET /../x HTTP/1.1\r\nHost: a\r\n\r\n",
            "GET /y#z HTTP/1.1\r\nHost: a\r\n\r\n",
            "CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n\r\n",
            "GET /q HTTP/1.1\r\n\r\n");
    for (String r : requests) {
      try (RawClient c = new RawClient(proxy.port())) {
        c.send(r);
        assertThat(c.response()).matches("HTTP/1.1 4\\d\\d (?s).*");
      }
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> records.ofType(StreamStart.class).size() == requests.size());
    assertThat(records.ofType(StreamStart.class))
        .extracting(StreamStart::route)
        .containsOnly("(rejected)");
    assertThat(backend.connections).isEmpty();
  }

  @Test
  void secretsInEveryPartOfTheTargetStayOutOfTelemetry() throws Exception {
    backend = new RecordingBackend(RecordingBackend.OK);
    RecordingConsumer records = new RecordingConsumer();
    proxy = ProxyFixture.startRecording(backend.uri(), records, o -> o);
    String target = "/app;jsessionid=SECRET1/x?foo=1;sig=SECRET2&a=1%26token%3DSECRET3&SIG=SECRET4";
    try (RawClient c = new RawClient(proxy.port())) {
      c.send("GET " + target + " HTTP/1.1\r\nHost: a\r\n\r\n");
      assertThat(c.response()).startsWith("HTTP/1.1 200");
    }
    // The backend gets the target as sent; telemetry never sees a secret.
    assertThat(backend.received().get(0)).startsWith("GET " + target + " HTTP/1.1\r\n");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !records.ofType(StreamStart.class).isEmpty());
    assertThat(records.ofType(StreamStart.class).get(0).url())
        .isEqualTo("/app;jsessionid=[REDACTED]/x?foo=1;sig=[REDACTED]&a=[REDACTED]&SIG=[REDACTED]");
  }

  /** {@code \r}, {@code \n}, {@code \t} and {@code \0} as written in the tables, as bytes. */
  private static String wire(String table) {
    return table
        .replace("\\r", "\r")
        .replace("\\n", "\n")
        .replace("\\t", "\t")
        .replace("\\0", "\u0000");
  }

  private static void write(OutputStream out, String latin1) throws IOException {
    out.write(latin1.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }
}
