package dev.ssewatch.agent.apps;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/** The JDK's own HTTP server ({@code com.sun.net.httpserver}) serving {@code /sse/*}. */
public final class JdkHttpApp {

  private JdkHttpApp() {}

  public static void main(String[] args) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    // The default executor is the server's one dispatcher thread: a stream would block the others.
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/sse/", JdkHttpApp::handle);
    server.start();
    SseScenario.announce(server.getAddress().getPort());
  }

  static void handle(HttpExchange exchange) throws IOException {
    URI uri = exchange.getRequestURI();
    String path = uri.getPath();
    int n = intParameter(uri.getQuery(), "n", 5);
    try (exchange) {
      switch (path) {
        case "/sse/plain":
          byte[] plain = "not an event stream".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/plain");
          exchange.sendResponseHeaders(200, plain.length);
          exchange.getResponseBody().write(plain);
          return;
        case "/sse/stream":
          eventStream(exchange, 0);
          SseScenario.writeFlushed(exchange.getResponseBody(), n, 10);
          return;
        case "/sse/content-length":
          byte[] body = SseScenario.allEvents(n);
          eventStream(exchange, body.length);
          OutputStream out = exchange.getResponseBody();
          out.write(body);
          out.flush();
          return;
        case "/sse/hold":
          eventStream(exchange, 0);
          SseScenario.writeHeld(exchange.getResponseBody(), n, 300);
          return;
        case "/sse/forever":
          eventStream(exchange, 0);
          SseScenario.writeUntilAborted(exchange.getResponseBody(), 50);
          return;
        default:
          exchange.sendResponseHeaders(404, -1);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Response headers of an event stream; a length of 0 means chunked. */
  private static void eventStream(HttpExchange exchange, long length) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=UTF-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-cache");
    exchange
        .getResponseHeaders()
        .set("Set-Cookie", "session=SERVER-SECRET-" + SseScenario.canary());
    exchange.sendResponseHeaders(200, length);
  }

  static int intParameter(String query, String name, int otherwise) {
    if (query != null) {
      for (String pair : query.split("&")) {
        if (pair.startsWith(name + "=")) {
          return Integer.parseInt(pair.substring(name.length() + 1));
        }
      }
    }
    return otherwise;
  }
}
