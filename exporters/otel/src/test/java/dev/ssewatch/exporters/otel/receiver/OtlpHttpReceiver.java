package dev.ssewatch.exporters.otel.receiver;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP (http/protobuf) collector for tests: {@code POST /v1/traces}, {@code /v1/metrics},
 * {@code /v1/logs} on 127.0.0.1, answered 200 with an empty (all-accepted) response.
 */
public final class OtlpHttpReceiver extends OtlpReceiver {

  private final HttpServer server;
  private final ExecutorService executor;
  private volatile int status = 200;
  private volatile CountDownLatch gate = new CountDownLatch(0);

  private OtlpHttpReceiver(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Starts on an ephemeral port of 127.0.0.1. */
  public static OtlpHttpReceiver start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      ExecutorService executor =
          Executors.newFixedThreadPool(2, r -> daemon(r, "otlp-http-receiver"));
      OtlpHttpReceiver receiver = new OtlpHttpReceiver(server, executor);
      server.createContext("/", receiver::handle);
      server.setExecutor(executor);
      server.start();
      return receiver;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Makes later requests fail with {@code status} (e.g. 503), after storing them. */
  public void respondWith(int status) {
    this.status = status;
  }

  /**
   * Holds every later request unanswered until {@link #release}: a collector that is slow, not
   * failing, so the exporter's health changes only through what its queues drop.
   */
  public void hold() {
    gate = new CountDownLatch(1);
  }

  /** Answers the held requests, and later ones at once. */
  public void release() {
    gate.countDown();
  }

  @Override
  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        boolean gzip =
            "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"));
        body = (gzip ? new GZIPInputStream(in) : in).readAllBytes();
      }
      try {
        // Bounded, so a test that forgets to release cannot hang the build.
        gate.await(2, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      String path = exchange.getRequestURI().getPath();
      String signal = path.startsWith("/v1/") ? path.substring(4) : "";
      boolean ok = "POST".equals(exchange.getRequestMethod()) && accept(path, signal, body);
      int code = ok ? status : 400;
      exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
      // One connection per request: a client reusing a pooled connection that the JDK server is
      // closing at that moment sees "unexpected end of stream", and the export is lost. Real
      // collectors keep connections open; these tests are about what is sent, not about pooling.
      exchange.getResponseHeaders().add("Connection", "close");
      // An empty Export*ServiceResponse encodes to zero bytes: everything accepted.
      exchange.sendResponseHeaders(code, -1);
    }
  }

  @Override
  public void close() {
    release();
    server.stop(0);
    executor.shutdownNow();
  }

  static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
