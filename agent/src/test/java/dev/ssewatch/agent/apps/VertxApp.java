package dev.ssewatch.agent.apps;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * A Vert.x 5 web server with the scenario's routes, written as Vert.x users write SSE: a chunked
 * response the event loop writes to from timers. Compression is on (Vert.x gzips for a client that
 * accepts it), as with {@code HttpServerOptions.setCompressionSupported(true)}.
 */
public final class VertxApp {

  private VertxApp() {}

  public static void main(String[] args) throws Exception {
    String canary = SseScenario.canary();
    Vertx vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    router
        .get("/sse/stream")
        .handler(ctx -> send(vertx, ctx, canary, Long.parseLong(param(ctx, "pause", "10"))));
    router.get("/sse/forever").handler(ctx -> forever(vertx, ctx, canary));
    router.get("/sse/server-close").handler(ctx -> serverClose(vertx, ctx, canary));
    router
        .get("/sse/content-length")
        .handler(
            ctx -> {
              int n = Integer.parseInt(param(ctx, "n", "1"));
              byte[] all = SseScenario.allEvents(n);
              HttpServerResponse res =
                  head(ctx).putHeader("Content-Length", Integer.toString(all.length));
              for (int i = 1; i <= n; i++) {
                res.write(Buffer.buffer(SseScenario.eventBytes(canary, i)));
              }
              res.end();
            });
    router
        .get("/sse/plain")
        .handler(
            ctx ->
                ctx.response().putHeader("Content-Type", "text/plain").end("not an event stream"));
    HttpServer server =
        vertx
            .createHttpServer(
                new HttpServerOptions()
                    .setHost("127.0.0.1")
                    .setPort(0)
                    .setCompressionSupported(true))
            .requestHandler(router)
            .listen()
            .toCompletionStage()
            .toCompletableFuture()
            .get();
    SseScenario.announce(server.actualPort());
  }

  private static String param(RoutingContext ctx, String name, String otherwise) {
    String v = ctx.request().getParam(name);
    return v == null ? otherwise : v;
  }

  private static HttpServerResponse head(RoutingContext ctx) {
    return ctx.response()
        .putHeader("Content-Type", "text/event-stream")
        .putHeader("Cache-Control", "no-cache")
        .putHeader("Set-Cookie", "session=SERVER-SECRET-" + SseScenario.canary());
  }

  /** {@code n} events {@code pause} ms apart, then the end. */
  private static void send(Vertx vertx, RoutingContext ctx, String canary, long pause) {
    int n = Integer.parseInt(param(ctx, "n", "1"));
    HttpServerResponse res = head(ctx).setChunked(true);
    int[] next = {1};
    vertx.setPeriodic(
        1,
        pause,
        timer -> {
          res.write(Buffer.buffer(SseScenario.eventBytes(canary, next[0])));
          if (++next[0] > n) {
            vertx.cancelTimer(timer);
            res.end();
          }
        });
  }

  /** {@code n} events 10 ms apart, then the server closes the connection instead of the end. */
  private static void serverClose(Vertx vertx, RoutingContext ctx, String canary) {
    int n = Integer.parseInt(param(ctx, "n", "1"));
    HttpServerResponse res = head(ctx).setChunked(true);
    int[] next = {1};
    vertx.setPeriodic(
        1,
        10,
        timer -> {
          res.write(Buffer.buffer(SseScenario.eventBytes(canary, next[0])));
          if (++next[0] > n) {
            vertx.cancelTimer(timer);
            ctx.request().connection().close();
          }
        });
  }

  /** Events every 100 ms until the client goes away. */
  private static void forever(Vertx vertx, RoutingContext ctx, String canary) {
    HttpServerResponse res = head(ctx).setChunked(true);
    int[] next = {1};
    long timer =
        vertx.setPeriodic(
            100, t -> res.write(Buffer.buffer(SseScenario.eventBytes(canary, next[0]++))));
    res.closeHandler(v -> vertx.cancelTimer(timer));
  }
}
