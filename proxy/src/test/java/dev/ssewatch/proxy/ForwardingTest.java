package dev.ssewatch.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssewatch.proxy.sse.StreamTaps;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ForwardingTest extends ProxyTestCase {

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  @ParameterizedTest
  @EnumSource(Transport.class)
  void eachEventReachesTheClientBeforeTheBackendSendsTheNext(Transport transport) throws Exception {
    BlockingQueue<String> delivered = new ArrayBlockingQueue<>(16);
    List<String> notDeliveredInTime = new ArrayList<>();
    backend =
        new TestBackend(
            (req, c) -> {
              c.sseHead();
              for (int i = 1; i <= 5; i++) {
                c.chunk("id: " + i + "\ndata: sent=" + System.nanoTime() + "\n\n");
                // The next event waits until this one arrived: a buffering proxy stalls here.
                String got = delivered.poll(30, TimeUnit.SECONDS);
                if (!String.valueOf(i).equals(got)) {
                  notDeliveredInTime.add("event " + i);
                  break;
                }
              }
              c.endChunks();
              return true;
            });
    proxy = ProxyFixture.start(backend.uri(), StreamTaps.NONE, transport);

    HttpResponse<InputStream> resp =
        http.send(
            HttpRequest.newBuilder(ProxyFixture.url(proxy, "/events")).build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(resp.headers().firstValue("content-type")).hasValue("text/event-stream");
    assertThat(resp.headers().firstValue("content-length")).isEmpty();
    List<String> ids = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("id: ")) {
          String id = line.substring(4);
          ids.add(id);
          delivered.add(id);
        }
      }
    }
    assertThat(notDeliveredInTime).isEmpty();
    assertThat(ids).containsExactly("1", "2", "3", "4", "5");
  }

  @Test
  void nonEventStreamGetAndPostPassThroughByteForByte() throws Exception {
    byte[] payload = new byte[300_000];
    new Random(42).nextBytes(payload);
    backend =
        new TestBackend(
            (req, c) -> {
              if (req.method().equals("POST")) {
                c.write(
                    "HTTP/1.1 201 Created\r\nContent-Type: application/octet-stream\r\n"
                        + "Content-Length: "
                        + req.body().length
                        + "\r\n\r\n");
                c.out.write(req.body());
              } else {
                c.write(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n");
                for (int off = 0; off < payload.length; off += 70_000) {
                  int n = Math.min(70_000, payload.length - off);
                  c.out.write(
                      (Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                  c.out.write(payload, off, n);
                  c.out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                c.endChunks();
              }
              c.out.flush();
              return true;
            });
    proxy = ProxyFixture.start(backend.uri(), StreamTaps.NONE);

    HttpResponse<byte[]> get =
        http.send(
            HttpRequest.newBuilder(ProxyFixture.url(proxy, "/blob")).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.body()).isEqualTo(payload);

    byte[] upload = new byte[200_000];
    new Random(7).nextBytes(upload);
    HttpResponse<byte[]> post =
        http.send(
            HttpRequest.newBuilder(ProxyFixture.url(proxy, "/upload"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(upload))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(post.statusCode()).isEqualTo(201);
    assertThat(post.body()).isEqualTo(upload);
    assertThat(post.headers().firstValue("content-length")).hasValue("200000");
    // Both requests went over one kept-alive backend connection.
    assertThat(backend.accepted.get()).isEqualTo(1);
  }

  @Test
  void backendErrorStatusAndBodyPassThroughUnchanged() throws Exception {
    backend =
        new TestBackend(
            (req, c) -> {
              c.write(
                  "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                      + "Retry-After: 7\r\nContent-Length: 22\r\n\r\n{\"error\":\"overloaded\"}");
              return true;
            });
    proxy = ProxyFixture.start(backend.uri(), StreamTaps.NONE);

    HttpResponse<String> resp =
        http.send(
            HttpRequest.newBuilder(ProxyFixture.url(proxy, "/events")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(resp.statusCode()).isEqualTo(503);
    assertThat(resp.body()).isEqualTo("{\"error\":\"overloaded\"}");
    assertThat(resp.headers().firstValue("retry-after")).hasValue("7");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void clientDisconnectClosesTheBackendConnection(Transport transport) throws Exception {
    AtomicBoolean backendSawClose = new AtomicBoolean();
    backend =
        new TestBackend(
            (req, c) -> {
              c.sseHead();
              c.chunk("data: first\n\n");
              backendSawClose.set(c.awaitPeerClose());
              return false;
            });
    proxy = ProxyFixture.start(backend.uri(), StreamTaps.NONE, transport);

    try (Socket s = new Socket("127.0.0.1", proxy.port())) {
      s.getOutputStream()
          .write(
              "GET /events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      String head = readUntil(s.getInputStream(), "data: first");
      assertThat(head).startsWith("HTTP/1.1 200");
    }
    // No timeout of the proxy's ends an open stream this soon: only the disconnect can close it.
    await().atMost(Duration.ofSeconds(30)).untilTrue(backendSawClose);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void backendAbortMidStreamClosesTheClientWithoutAProperEnd(Transport transport) throws Exception {
    backend =
        new TestBackend(
            (req, c) -> {
              c.sseHead();
              c.chunk("data: one\n\n");
              c.chunk("data: two\n\n");
              c.socket.close();
              return false;
            });
    proxy = ProxyFixture.start(backend.uri(), StreamTaps.NONE, transport);

    try (Socket s = new Socket("127.0.0.1", proxy.port())) {
      s.setSoTimeout(30_000);
      s.getOutputStream()
          .write("GET /events HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      byte[] all = s.getInputStream().readAllBytes(); // returns only when the proxy closes
      String text = new String(all, StandardCharsets.UTF_8);
      assertThat(text).contains("data: one", "data: two");
      // No terminating zero-length chunk: the client can tell the stream broke.
      assertThat(text).doesNotContain("\r\n0\r\n\r\n");
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aClientThatStopsReadingDoesNotGrowTheProxyBufferPastTheWaterMarks(Transport transport)
      throws Exception {
    long total = 24L * 1024 * 1024;
    AtomicLong written = new AtomicLong();
    backend =
        new TestBackend(
            (req, c) -> {
              c.sseHead();
              byte[] event =
                  ("data: " + "x".repeat(8185) + "\n\n").getBytes(StandardCharsets.UTF_8);
              String size = Integer.toHexString(event.length) + "\r\n";
              while (written.get() < total) {
                c.out.write(size.getBytes(StandardCharsets.US_ASCII));
                c.out.write(event);
                c.out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                written.addAndGet(event.length);
              }
              c.endChunks();
              return false;
            });
    proxy = ProxyFixture.start(backend.uri(), StreamTaps.NONE, transport);

    try (Socket s = new Socket()) {
      s.setReceiveBufferSize(16 * 1024);
      s.connect(new java.net.InetSocketAddress("127.0.0.1", proxy.port()));
      s.getOutputStream()
          .write("GET /events HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      // Not reading: the backend fills the sockets' buffers and then blocks.
      AtomicLong last = new AtomicLong(-1);
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(300))
          .until(() -> written.get() > 0 && last.getAndSet(written.get()) == written.get());
      assertThat(written.get()).isLessThan(total);
      // What the proxy holds in user space stays under the high water mark plus one read.
      assertThat(proxy.bufferedClientBytes())
          .isLessThanOrEqualTo(ProxyConfig.DEFAULT_HIGH_WATER_MARK + 128 * 1024);

      // Reading resumes the flow, and every byte arrives.
      InputStream in = s.getInputStream();
      byte[] buf = new byte[1 << 16];
      long received = 0;
      int n;
      s.setSoTimeout(10_000);
      while ((n = in.read(buf)) > 0) {
        received += n;
        if (received > total) {
          break;
        }
      }
      assertThat(received).isGreaterThan(total);
    }
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrderOverOneBackendConnection() throws Exception {
    backend =
        new TestBackend(
            (req, c) -> {
              String body = "you asked for " + req.target();
              c.write(
                  "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
                      + body.length()
                      + "\r\n\r\n"
                      + body);
              return true;
            });
    proxy = ProxyFixture.start(backend.uri(), StreamTaps.NONE);

    try (Socket s = new Socket("127.0.0.1", proxy.port())) {
      s.setSoTimeout(30_000);
      s.getOutputStream()
          .write(
              ("GET /one HTTP/1.1\r\nHost: x\r\n\r\n"
                      + "GET /two HTTP/1.1\r\nHost: x\r\n\r\n"
                      + "GET /three HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(all.indexOf("you asked for /one"))
          .isPositive()
          .isLessThan(all.indexOf("you asked for /two"));
      assertThat(all.indexOf("you asked for /two")).isLessThan(all.indexOf("you asked for /three"));
    }
    assertThat(backend.accepted.get()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void anEndedEventStreamKeepsItsTrailersAndLeavesBothConnectionsReusable(Transport transport)
      throws Exception {
    backend =
        new TestBackend(
            (req, c) -> {
              if (req.target().equals("/events")) {
                // Head, events, last chunk and trailers in one write: the proxy gets them in one
                // read, with the body right behind the head.
                c.write(
                    "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n"
                        + "b\r\ndata: one\n\n\r\n"
                        + "7;ext=1\r\ndata: t\r\n"
                        + "5\r\nwo\n\n\n\r\n"
                        + "0\r\nX-Checksum: abc\r\n\r\n");
              } else {
                c.write("HTTP/1.1 200 OK\r\nContent-Length: 13\r\n\r\nsecond answer");
              }
              return true;
            });
    proxy = ProxyFixture.start(backend.uri(), StreamTaps.NONE, transport);

    try (Socket s = new Socket("127.0.0.1", proxy.port())) {
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      send(out, "GET /events HTTP/1.1\r\nHost: x\r\n\r\n");
      String first = readUntil(s.getInputStream(), "X-Checksum: abc\r\n\r\n");
      String body = first.substring(first.indexOf("\r\n\r\n") + 4);
      assertThat(dechunk(body)).isEqualTo("data: one\n\ndata: two\n\n\n");
      assertThat(body).endsWith("0\r\nX-Checksum: abc\r\n\r\n");

      send(out, "GET /next HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(readUntil(s.getInputStream(), "second answer")).endsWith("second answer");
    }
    assertThat(backend.accepted.get()).isEqualTo(1);
  }

  @Test
  void streamsOfOneTargetGiveTheRecorderOneStringOfIt() throws Exception {
    backend =
        new TestBackend(
            (req, c) -> {
              c.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
              return true;
            });
    List<String> targets = new java.util.concurrent.CopyOnWriteArrayList<>();
    proxy =
        ProxyFixture.start(
            backend.uri(),
            (method, url, route, headers, start) -> {
              targets.add(url);
              return dev.ssewatch.proxy.sse.StreamTap.NONE;
            });
    for (int i = 0; i < 2; i++) {
      try (Socket s = new Socket("127.0.0.1", proxy.port())) {
        s.setSoTimeout(30_000);
        send(s.getOutputStream(), "GET /events?topic=a HTTP/1.1\r\nHost: x\r\n\r\n");
        readUntil(s.getInputStream(), "ok");
      }
    }
    assertThat(targets).containsExactly("/events?topic=a", "/events?topic=a");
    // The recorder keeps it while a stream is open: one string for all of them.
    assertThat(targets.get(1)).isSameAs(targets.get(0));
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void anOpenEventStreamsClientConnectionHoldsTheProxysHandlerAlone(Transport transport)
      throws Exception {
    CountDownLatch looked = new CountDownLatch(1);
    backend =
        new TestBackend(
            (req, c) -> {
              c.sseHead();
              c.chunk("data: one\n\n");
              looked.await(30, TimeUnit.SECONDS);
              c.chunk("data: two\n\n");
              c.endChunks();
              return true;
            });
    proxy = ProxyFixture.start(backend.uri(), StreamTaps.NONE, transport);

    try (Socket s = new Socket("127.0.0.1", proxy.port())) {
      s.setSoTimeout(30_000);
      send(s.getOutputStream(), "GET /events HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(readUntil(s.getInputStream(), "data: one")).contains("text/event-stream");
      // Neither the HTTP codec nor a framing handler of its own: the handler frames the body.
      assertThat(proxy.clientChannels())
          .singleElement()
          .satisfies(
              ch ->
                  assertThat(ch.pipeline().toMap().values())
                      .singleElement()
                      .isInstanceOf(dev.ssewatch.proxy.frontend.FrontendHandler.class));
      looked.countDown();
      String rest = readUntil(s.getInputStream(), "0\r\n\r\n");
      assertThat(rest).contains("b\r\ndata: two\n\n\r\n");
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aRequestSentDuringAnEventStreamIsAnsweredOnceTheStreamEnds(Transport transport)
      throws Exception {
    CountDownLatch sent = new CountDownLatch(1);
    backend =
        new TestBackend(
            (req, c) -> {
              if (req.target().equals("/events")) {
                c.sseHead();
                c.chunk("data: one\n\n");
                sent.await(30, TimeUnit.SECONDS);
                c.chunk("data: two\n\n");
                c.endChunks();
              } else {
                c.write("HTTP/1.1 200 OK\r\nContent-Length: 13\r\n\r\nsecond answer");
              }
              return true;
            });
    proxy = ProxyFixture.start(backend.uri(), StreamTaps.NONE, transport);

    try (Socket s = new Socket("127.0.0.1", proxy.port())) {
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      send(out, "GET /events HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(readUntil(s.getInputStream(), "data: one")).contains("text/event-stream");
      // Mid-stream, the client already asks for the next thing, in two pieces.
      send(out, "GET /ne");
      send(out, "xt HTTP/1.1\r\nHost: x\r\n\r\n");
      sent.countDown();
      String rest = readUntil(s.getInputStream(), "second answer");
      assertThat(rest).contains("data: two\n\n").contains("0\r\n\r\nHTTP/1.1 200 OK");
      assertThat(rest.indexOf("data: two")).isLessThan(rest.indexOf("second answer"));
    }
    assertThat(backend.accepted.get()).isEqualTo(1);
    assertThat(backend.requests)
        .extracting(TestBackend.Request::target)
        .containsExactly("/events", "/next");
  }

  @Test
  void anEventStreamThatStartsBeforeTheRequestBodyEndsStillGetsTheRestOfTheBody() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      CompletableFuture<String> bodySeen = new CompletableFuture<>();
      Thread raw =
          new Thread(
              () -> {
                // Answers as soon as the head is in, then reads the body: TestBackend cannot.
                try (Socket s = server.accept()) {
                  s.setSoTimeout(30_000);
                  InputStream in = s.getInputStream();
                  OutputStream out = s.getOutputStream();
                  readUntil(in, "\r\n\r\n");
                  send(
                      out,
                      "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                          + "Transfer-Encoding: chunked\r\n\r\nb\r\ndata: one\n\n\r\n");
                  bodySeen.complete(readUntil(in, "0\r\n\r\n"));
                  send(out, "b\r\ndata: two\n\n\r\n0\r\n\r\n");
                } catch (Exception e) {
                  bodySeen.completeExceptionally(e);
                }
              },
              "raw-backend");
      raw.setDaemon(true);
      raw.start();
      proxy =
          ProxyFixture.start(
              URI.create("http://127.0.0.1:" + server.getLocalPort()), StreamTaps.NONE);

      try (Socket c = new Socket("127.0.0.1", proxy.port())) {
        c.setSoTimeout(30_000);
        OutputStream out = c.getOutputStream();
        send(
            out,
            "POST /events HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n");
        assertThat(readUntil(c.getInputStream(), "data: one")).contains("200 OK");
        send(out, "6\r\n world\r\n0\r\n\r\n");
        assertThat(readUntil(c.getInputStream(), "data: two")).endsWith("data: two");
      }
      assertThat(bodySeen.get(30, TimeUnit.SECONDS)).contains("hello").contains(" world");
    }
  }

  /** The data of a chunked body, up to its last chunk. */
  private static String dechunk(String body) {
    StringBuilder data = new StringBuilder();
    int at = 0;
    while (true) {
      int eol = body.indexOf("\r\n", at);
      int size = Integer.parseInt(body.substring(at, eol).split(";")[0], 16);
      if (size == 0) {
        return data.toString();
      }
      data.append(body, eol + 2, eol + 2 + size);
      at = eol + 2 + size + 2;
    }
  }

  static String readUntil(InputStream in, String marker) throws Exception {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      b.append((char) c);
      if (b.indexOf(marker) >= 0) {
        break;
      }
    }
    return b.toString();
  }

  private static void send(OutputStream out, String s) throws Exception {
    out.write(s.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }
}
