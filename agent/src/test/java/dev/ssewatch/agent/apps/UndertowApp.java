package dev.ssewatch.agent.apps;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.server.handlers.encoding.ContentEncodingRepository;
import io.undertow.server.handlers.encoding.EncodingHandler;
import io.undertow.server.handlers.encoding.GzipEncodingProvider;
import io.undertow.server.handlers.sse.ServerSentEventConnection;
import io.undertow.server.handlers.sse.ServerSentEventHandler;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Undertow core (no servlets) serving {@code /sse/*}: blocking handlers writing to the exchange's
 * output stream, and {@code ServerSentEventHandler} at {@code /sse/handler/*}; with the argument
 * {@code compression}, behind Undertow's {@code EncodingHandler} gzipping every text response; with
 * {@code h2c}, serving HTTP/2 too, to a client that upgrades a request.
 */
public final class UndertowApp {

  private static final ScheduledExecutorService TIMER = Executors.newScheduledThreadPool(2);

  private UndertowApp() {}

  public static void main(String[] args) {
    HttpHandler paths =
        Handlers.path()
            .addPrefixPath("/sse/handler/stream", new ServerSentEventHandler(UndertowApp::events))
            .addPrefixPath("/sse/handler/forever", new ServerSentEventHandler(UndertowApp::forever))
            .addPrefixPath("/sse", new BlockingHandler(UndertowApp::blocking));
    if (args.length > 0 && args[0].equals("compression")) {
      paths =
          new EncodingHandler(
              paths,
              new ContentEncodingRepository()
                  .addEncodingHandler(
                      "gzip",
                      new GzipEncodingProvider(),
                      50,
                      exchange -> {
                        String type = exchange.getResponseHeaders().getFirst(Headers.CONTENT_TYPE);
                        return type != null && type.startsWith("text/");
                      }));
    }
    Undertow server =
        Undertow.builder()
            .addHttpListener(0, "127.0.0.1")
            // h2c: HTTP/2 for a client that upgrades a request
            .setServerOption(UndertowOptions.ENABLE_HTTP2, args.length > 0 && args[0].equals("h2c"))
            .setHandler(paths)
            .build();
    server.start();
    SseScenario.announce(
        ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort());
  }

  private static void blocking(HttpServerExchange exchange) throws Exception {
    int n = intParameter(exchange, "n", 5);
    OutputStream out = exchange.getOutputStream();
    switch (exchange.getRelativePath()) {
      case "/plain":
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
        out.write("not an event stream".getBytes(StandardCharsets.UTF_8));
        return;
      case "/stream":
        eventStream(exchange);
        SseScenario.writeFlushed(out, n, 10);
        return;
      case "/ticks":
        eventStream(exchange);
        SseScenario.writeFlushed(out, n, 100);
        return;
      case "/content-length":
        byte[] body = SseScenario.allEvents(n);
        eventStream(exchange);
        exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.length);
        out.write(body);
        out.flush();
        return;
      case "/hold":
        eventStream(exchange);
        SseScenario.writeHeld(out, n, 300);
        return;
      case "/forever":
        eventStream(exchange);
        SseScenario.writeUntilAborted(out, 50);
        return;
      default:
        exchange.setStatusCode(404);
    }
  }

  /** {@code n} events through the SSE handler, then the server closes the stream. */
  private static void events(ServerSentEventConnection connection, String lastEventId) {
    int n = intParameter(connection.getQueryParameters().get("n"), 5);
    connection.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-cache");
    AtomicInteger sent = new AtomicInteger();
    String canary = SseScenario.canary();
    Runnable[] next = new Runnable[1];
    next[0] =
        () -> {
          int i = sent.incrementAndGet();
          connection.send(
              SseScenario.data(canary, i),
              "tick",
              String.valueOf(i),
              new ServerSentEventConnection.EventCallback() {
                @Override
                public void done(
                    ServerSentEventConnection c, String data, String event, String id) {
                  if (i < n) {
                    TIMER.schedule(next[0], 10, TimeUnit.MILLISECONDS);
                  } else {
                    c.shutdown();
                  }
                }

                @Override
                public void failed(
                    ServerSentEventConnection c,
                    String data,
                    String event,
                    String id,
                    IOException e) {
                  // the client went away
                }
              });
        };
    next[0].run();
  }

  /** Events every 50 ms until the client goes away. */
  private static void forever(ServerSentEventConnection connection, String lastEventId) {
    AtomicInteger sent = new AtomicInteger();
    String canary = SseScenario.canary();
    TIMER.scheduleAtFixedRate(
        () -> {
          if (connection.isOpen()) {
            int i = sent.incrementAndGet();
            connection.send(SseScenario.data(canary, i), "tick", String.valueOf(i), null);
          } else {
            throw new IllegalStateException("closed: stop repeating");
          }
        },
        0,
        50,
        TimeUnit.MILLISECONDS);
  }

  private static void eventStream(HttpServerExchange exchange) {
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/event-stream; charset=UTF-8");
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-cache");
    exchange
        .getResponseHeaders()
        .put(Headers.SET_COOKIE, "session=SERVER-SECRET-" + SseScenario.canary());
  }

  private static int intParameter(HttpServerExchange exchange, String name, int otherwise) {
    return intParameter(exchange.getQueryParameters().get(name), otherwise);
  }

  private static int intParameter(Deque<String> values, int otherwise) {
    return values == null || values.isEmpty() ? otherwise : Integer.parseInt(values.getFirst());
  }
}
