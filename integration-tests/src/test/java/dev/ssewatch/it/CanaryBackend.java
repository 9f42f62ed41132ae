package dev.ssewatch.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An SSE backend on 127.0.0.1: every response is {@code text/event-stream} with a secret {@code
 * Set-Cookie}, {@link #EVENTS} events whose every data line carries the canary, then the end of the
 * stream. It echoes nothing it was sent, and remembers what it received so a test can prove the
 * secrets really were on the wire.
 */
final class CanaryBackend implements AutoCloseable {

  /** Events per stream; the last one has two data lines. */
  static final int EVENTS = 4;

  private final HttpServer server;
  private final ExecutorService executor;
  private final Secrets secrets;
  private final List<String> requestsSeen = new CopyOnWriteArrayList<>();

  private CanaryBackend(HttpServer server, ExecutorService executor, Secrets secrets) {
    this.server = server;
    this.executor = executor;
    this.secrets = secrets;
  }

  static CanaryBackend start(Secrets secrets) {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      ExecutorService executor = Executors.newFixedThreadPool(4);
      CanaryBackend backend = new CanaryBackend(server, executor, secrets);
      server.createContext("/", backend::handle);
      server.setExecutor(executor);
      server.start();
      return backend;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** One line per request: the target, then every request header as {@code name: value}. */
  List<String> requestsSeen() {
    return List.copyOf(requestsSeen);
  }

  /** The body every stream sends. */
  static String body(Secrets secrets) {
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i < EVENTS; i++) {
      sb.append("event: token\n")
          .append("id: ")
          .append(i)
          .append('\n')
          .append("data: {\"text\":\"")
          .append(secrets.canary())
          .append(" #")
          .append(i)
          .append("\"}\n\n");
    }
    sb.append("data: ")
        .append(secrets.canary())
        .append(" last\n")
        .append("data: ")
        .append(secrets.canary())
        .append(" done\n\n");
    return sb.toString();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      StringBuilder seen = new StringBuilder(exchange.getRequestURI().toString());
      exchange
          .getRequestHeaders()
          .forEach(
              (name, values) -> values.forEach(v -> seen.append('\n').append(name + ": " + v)));
      requestsSeen.add(seen.toString());
      exchange.getRequestBody().readAllBytes();
      exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
      exchange.getResponseHeaders().add("Cache-Control", "no-cache");
      exchange
          .getResponseHeaders()
          .add("Set-Cookie", "backend=" + secrets.setCookie() + "; HttpOnly");
      exchange.sendResponseHeaders(200, 0);
      OutputStream out = exchange.getResponseBody();
      // Event by event, flushed, as a real stream would be.
      for (String event : body(secrets).split("(?<=\n\n)")) {
        out.write(event.getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
