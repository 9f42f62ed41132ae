package dev.ssewatch.load;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A loopback SSE backend with known pacing, one thread per stream. Endpoints (query parameters in
 * brackets):
 *
 * <ul>
 *   <li>{@code /paced} [events, every ms, delay ms before the first, field=1 for a send-time field]
 *       events {@code id: n} paced, flushed one by one, then the end
 *   <li>{@code /buffered} [events, every]: the same events, all held until the end
 *   <li>{@code /gzip}: a gzip-encoded stream
 *   <li>{@code /quiet} [silence ms]: an event, a silence, an event, the end
 *   <li>{@code /resume}: three events with ids continuing from Last-Event-ID, then the end
 *   <li>{@code /status} [code]: that status, no stream
 * </ul>
 */
final class SseBackend implements AutoCloseable, AfterAllCallback {

  /** Every Last-Event-ID header received, in order ("" when absent). */
  final List<String> lastEventIds = new CopyOnWriteArrayList<>();

  /** Every send time stated in a {@code field=1} event, as written. */
  final List<String> statedTimes = new CopyOnWriteArrayList<>();

  final AtomicLong eventsSent = new AtomicLong();

  static {
    // Without it the JDK's server leaves Nagle's algorithm on, and small events wait for ACKs.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();

  private final String scheme;

  SseBackend() throws IOException {
    this(null);
  }

  /** Over TLS when {@code tls} is given. */
  SseBackend(SSLContext tls) throws IOException {
    InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
    if (tls == null) {
      server = HttpServer.create(any, 1024);
      scheme = "http";
    } else {
      HttpsServer https = HttpsServer.create(any, 1024);
      https.setHttpsConfigurator(new HttpsConfigurator(tls));
      server = https;
      scheme = "https";
    }
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  /**
   * A backend for all the tests of a class, as a static {@code @RegisterExtension} field: started
   * now, closed after the class's last test.
   */
  static SseBackend perClass() {
    try {
      return new SseBackend();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  String url(String pathAndQuery) {
    return scheme + "://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery;
  }

  URI uri(String pathAndQuery) {
    return URI.create(url(pathAndQuery));
  }

  private void handle(HttpExchange x) throws IOException {
    Map<String, String> q = query(x.getRequestURI());
    String path = x.getRequestURI().getPath();
    try (x) {
      switch (path) {
        case "/paced" -> paced(x, q, false);
        case "/buffered" -> paced(x, q, true);
        case "/gzip" -> gzip(x);
        case "/quiet" -> quiet(x, q);
        case "/resume" -> resume(x);
        case "/status" -> {
          x.sendResponseHeaders(Integer.parseInt(q.getOrDefault("code", "500")), -1);
        }
        default -> x.sendResponseHeaders(404, -1);
      }
    } catch (IOException | InterruptedException e) {
      // The client went away (it closes after --events, or at the end of the run).
    }
  }

  private void paced(HttpExchange x, Map<String, String> q, boolean buffered)
      throws IOException, InterruptedException {
    int events = Integer.parseInt(q.getOrDefault("events", "5"));
    long every = Long.parseLong(q.getOrDefault("every", "100"));
    long delay = Long.parseLong(q.getOrDefault("delay", "0"));
    boolean field = q.containsKey("field");
    boolean idTime = q.containsKey("idtime");
    sseHead(x);
    OutputStream body = x.getResponseBody();
    ByteArrayOutputStream held = new ByteArrayOutputStream();
    OutputStream out = buffered ? held : body;
    out.write("retry: 100\n\n".getBytes(StandardCharsets.UTF_8));
    out.flush();
    Thread.sleep(delay);
    for (int i = 1; i <= events; i++) {
      if (i > 1) {
        Thread.sleep(every);
      }
      String data = "{\"seq\":" + i + "}";
      String id = String.valueOf(i);
      if (field || idTime) {
        String sent = String.valueOf(System.currentTimeMillis());
        statedTimes.add(sent);
        if (field) {
          data = "{\"seq\":" + i + ",\"sent_ms\":" + sent + "}";
        } else {
          id = sent;
        }
      }
      out.write(("id: " + id + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      eventsSent.incrementAndGet();
    }
    if (buffered) {
      body.write(held.toByteArray());
    }
  }

  private void gzip(HttpExchange x) throws IOException {
    x.getResponseHeaders().add("Content-Encoding", "gzip");
    sseHead(x);
    GZIPOutputStream z = new GZIPOutputStream(x.getResponseBody(), true);
    for (int i = 1; i <= 3; i++) {
      z.write(("data: " + i + "\n\n").getBytes(StandardCharsets.UTF_8));
      z.flush();
    }
    z.finish();
  }

  private void quiet(HttpExchange x, Map<String, String> q)
      throws IOException, InterruptedException {
    long silence = Long.parseLong(q.getOrDefault("silence", "1000"));
    sseHead(x);
    OutputStream out = x.getResponseBody();
    out.write("data: first\n\n".getBytes(StandardCharsets.UTF_8));
    out.flush();
    Thread.sleep(silence);
    out.write("data: second\n\n".getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private void resume(HttpExchange x) throws IOException {
    String last = x.getRequestHeaders().getFirst("Last-Event-ID");
    lastEventIds.add(last == null ? "" : last);
    int from = last == null ? 0 : Integer.parseInt(last);
    sseHead(x);
    OutputStream out = x.getResponseBody();
    out.write("retry: 50\n\n".getBytes(StandardCharsets.UTF_8));
    for (int i = from + 1; i <= from + 3; i++) {
      out.write(("id: " + i + "\ndata: x\n\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    }
  }

  private static void sseHead(HttpExchange x) throws IOException {
    x.getResponseHeaders().add("Content-Type", "text/event-stream");
    x.getResponseHeaders().add("Cache-Control", "no-cache");
    x.sendResponseHeaders(200, 0);
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> out = new HashMap<>();
    String q = uri.getRawQuery();
    if (q != null) {
      for (String kv : q.split("&")) {
        int eq = kv.indexOf('=');
        out.put(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? "" : kv.substring(eq + 1));
      }
    }
    return out;
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
