package dev.ssewatch.exporters.azuremonitor.receiver;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ssewatch.exporters.otel.receiver.ReceivedPayload;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * An Application Insights ingestion endpoint for tests: takes the gzip-compressed JSON-lines
 * envelopes the real SDK posts to {@code /v2.1/track} on 127.0.0.1 and answers with the service's
 * acceptance document. {@link #connectionString()} points an exporter at it.
 */
public final class IngestionEndpoint implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService executor;
  private final List<ReceivedPayload> payloads = new CopyOnWriteArrayList<>();
  private final List<Map<String, Object>> envelopes = new CopyOnWriteArrayList<>();
  private volatile int status = 200;
  private volatile String errorMessage;
  private volatile CountDownLatch gate = new CountDownLatch(0);

  private IngestionEndpoint(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Starts on an ephemeral port of 127.0.0.1. */
  public static IngestionEndpoint start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      ExecutorService executor =
          Executors.newFixedThreadPool(
              2,
              r -> {
                Thread t = new Thread(r, "ingestion-endpoint");
                t.setDaemon(true);
                return t;
              });
      IngestionEndpoint endpoint = new IngestionEndpoint(server, executor);
      server.createContext("/", endpoint::handle);
      server.setExecutor(executor);
      server.start();
      return endpoint;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** A connection string sending both ingestion and live metrics here. */
  public String connectionString() {
    String base = "http://127.0.0.1:" + port() + "/";
    return "InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint="
        + base
        + ";LiveEndpoint="
        + base;
  }

  /** Makes later requests fail with {@code status} (e.g. 503, which the SDK retries). */
  public void respondWith(int status) {
    respondWith(status, null);
  }

  /**
   * Makes later requests fail with {@code status}, the answer naming {@code message} as the error
   * of each item, as the service does ("Invalid instrumentation key" with a 400).
   */
  public void respondWith(int status, String message) {
    this.errorMessage = message;
    this.status = status;
  }

  /**
   * Holds every later request unanswered until {@link #release}: ingestion that is slow, not
   * failing, so the exporter's health changes only through what its queues drop.
   */
  public void hold() {
    gate = new CountDownLatch(1);
  }

  /** Answers the held requests, and later ones at once. */
  public void release() {
    gate.countDown();
  }

  /** Every request: path, decompressed body, and the body as text. */
  public List<ReceivedPayload> payloads() {
    return List.copyOf(payloads);
  }

  /** Every envelope received, parsed. */
  public List<Map<String, Object>> envelopes() {
    return List.copyOf(envelopes);
  }

  /** The {@code baseData} of every envelope whose {@code baseType} is {@code baseType}. */
  @SuppressWarnings("unchecked")
  public List<Map<String, Object>> items(String baseType) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, Object> e : envelopes) {
      Map<String, Object> data = (Map<String, Object>) e.get("data");
      if (data != null && baseType.equals(data.get("baseType"))) {
        out.add((Map<String, Object>) data.get("baseData"));
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
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
      String text = new String(body, StandardCharsets.UTF_8);
      String path = exchange.getRequestURI().getPath();
      payloads.add(new ReceivedPayload(path, body, text));
      int items = 0;
      if (path.endsWith("/v2.1/track")) {
        for (String line : text.split("\n")) {
          if (!line.isBlank()) {
            envelopes.add(JSON.readValue(line, Map.class));
            items++;
          }
        }
      }
      int code = status;
      byte[] answer =
          (code == 200
                  ? "{\"itemsReceived\":"
                      + items
                      + ",\"itemsAccepted\":"
                      + items
                      + ",\"errors\":[]}"
                  : "{\"itemsReceived\":"
                      + items
                      + ",\"itemsAccepted\":0,\"errors\":"
                      + errors(items, code, errorMessage)
                      + "}")
              .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      // One connection per request: a client reusing a pooled connection that the JDK server is
      // closing at that moment fails with an I/O error instead of this answer.
      exchange.getResponseHeaders().add("Connection", "close");
      exchange.sendResponseHeaders(code, answer.length);
      exchange.getResponseBody().write(answer);
    }
  }

  private static String errors(int items, int code, String message) throws IOException {
    if (message == null) {
      return "[]";
    }
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < Math.max(1, items); i++) {
      b.append(i == 0 ? "" : ",")
          .append("{\"index\":")
          .append(i)
          .append(",\"statusCode\":")
          .append(code)
          .append(",\"message\":")
          .append(JSON.writeValueAsString(message))
          .append('}');
    }
    return b.append(']').toString();
  }

  @Override
  public void close() {
    release();
    server.stop(0);
    executor.shutdownNow();
  }
}
