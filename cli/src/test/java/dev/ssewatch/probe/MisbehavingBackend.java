package dev.ssewatch.probe;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

/**
 * A loopback SSE server with one path per way a stream can go wrong, plus a clean one. Event data
 * carries a marker that a report must never contain.
 */
final class MisbehavingBackend implements AutoCloseable {

  static final String DATA_MARKER = "TOPSECRET-PAYLOAD";

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final CountDownLatch closing = new CountDownLatch(1);
  final Map<String, String> authorizationSeen = new ConcurrentHashMap<>();

  /** Starts one on a free loopback port; a test class closes it with {@code @AutoClose}. */
  static MisbehavingBackend start() {
    try {
      return new MisbehavingBackend();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private MisbehavingBackend() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    route("/clean", x -> stream(x, "no-cache", 5, 50, false));
    route("/heartbeats", x -> stream(x, "no-cache", 5, 50, true));
    route("/no-cache-control", x -> stream(x, null, 3, 20, false));
    route("/burst", this::burst);
    route("/content-length", this::contentLength);
    route("/gzip", this::gzip);
    route("/silence", this::silence);
    route("/wrong-type", this::wrongType);
    route("/error", this::error);
    route("/hang", this::hang);
    route("/no-headers", this::noHeaders);
    route("/redirect", this::redirect);
    route("/accel-buffering", this::accelBuffering);
    server.start();
  }

  URI uri(String path) {
    return URI.create(
        "http://127.0.0.1:" + server.getAddress().getPort() + path + "?code=abc123&n=1");
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    executor.shutdownNow();
  }

  private interface Handler {
    void handle(HttpExchange x) throws Exception;
  }

  private void route(String path, Handler h) {
    server.createContext(
        path,
        x -> {
          String auth = x.getRequestHeaders().getFirst("Authorization");
          if (auth != null) {
            authorizationSeen.put(path, auth);
          }
          try {
            h.handle(x);
          } catch (Exception e) {
            // The probe may hang up first; nothing to report from the server side.
          } finally {
            x.close();
          }
        });
  }

  private static byte[] event(int i) {
    return ("id: " + i + "\nevent: tick\ndata: " + DATA_MARKER + "-" + i + "\n\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** The server's own pacing between writes: this produces the gaps the probe measures. */
  private static void pace(long millis) throws InterruptedException {
    TimeUnit.MILLISECONDS.sleep(millis);
  }

  private static OutputStream begin(HttpExchange x, String contentType, String cacheControl)
      throws IOException {
    x.getResponseHeaders().set("Content-Type", contentType);
    if (cacheControl != null) {
      x.getResponseHeaders().set("Cache-Control", cacheControl);
    }
    x.sendResponseHeaders(200, 0);
    OutputStream out = x.getResponseBody();
    out.flush();
    return out;
  }

  private void stream(HttpExchange x, String cacheControl, int events, long gap, boolean ping)
      throws Exception {
    OutputStream out = begin(x, "text/event-stream", cacheControl);
    for (int i = 1; i <= events; i++) {
      out.write(event(i));
      out.flush();
      if (i < events) {
        pace(gap / 2);
        if (ping) {
          out.write(": ping\n\n".getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
        pace(gap / 2);
      }
    }
  }

  /** Holds six events back for 1.2 s, then releases them in one write and ends. */
  private void burst(HttpExchange x) throws Exception {
    OutputStream out = begin(x, "text/event-stream", "no-cache");
    pace(1200);
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (int i = 1; i <= 6; i++) {
      all.write(event(i));
    }
    out.write(all.toByteArray());
    out.flush();
  }

  private void contentLength(HttpExchange x) throws Exception {
    byte[] body =
        (new String(event(1), StandardCharsets.UTF_8)
                + new String(event(2), StandardCharsets.UTF_8))
            .getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", "text/event-stream");
    x.getResponseHeaders().set("Cache-Control", "no-cache");
    x.sendResponseHeaders(200, body.length);
    x.getResponseBody().write(body);
  }

  private void gzip(HttpExchange x) throws Exception {
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(zipped)) {
      for (int i = 1; i <= 3; i++) {
        z.write(event(i));
      }
    }
    x.getResponseHeaders().set("Content-Encoding", "gzip");
    OutputStream out = begin(x, "text/event-stream; charset=utf-8", "no-cache");
    out.write(zipped.toByteArray());
  }

  /** One event, half a second of nothing, one more. */
  private void silence(HttpExchange x) throws Exception {
    OutputStream out = begin(x, "text/event-stream", "no-cache");
    out.write(event(1));
    out.flush();
    pace(500);
    out.write(event(2));
    out.flush();
  }

  private void wrongType(HttpExchange x) throws Exception {
    OutputStream out = begin(x, "application/json", "no-cache");
    out.write("{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8));
  }

  private void error(HttpExchange x) throws Exception {
    byte[] body = "upstream failed".getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", "text/plain");
    x.sendResponseHeaders(500, body.length);
    x.getResponseBody().write(body);
  }

  private void redirect(HttpExchange x) throws Exception {
    x.getResponseHeaders().set("Location", "/clean");
    x.sendResponseHeaders(302, -1);
  }

  /** Tells nginx in front to buffer the stream. */
  private void accelBuffering(HttpExchange x) throws Exception {
    x.getResponseHeaders().set("X-Accel-Buffering", "yes");
    stream(x, "no-cache", 2, 20, false);
  }

  /** Headers, then nothing until the backend closes. */
  private void hang(HttpExchange x) throws Exception {
    begin(x, "text/event-stream", "no-cache");
    closing.await(10, TimeUnit.SECONDS);
  }

  /** Not even headers until the backend closes. */
  private void noHeaders(HttpExchange x) throws Exception {
    closing.await(10, TimeUnit.SECONDS);
  }
}
