package dev.ssewatch.agent.apps;

import java.time.Duration;
import reactor.core.publisher.Flux;
import reactor.netty.DisposableServer;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;

/**
 * A Reactor Netty {@code HttpServer} (what Spring WebFlux runs on) with an SSE route; with the
 * argument {@code h2c}, serving HTTP/2 over cleartext too ({@code protocol(H2C, HTTP11)}, as
 * WebFlux's {@code server.http2.enabled} without TLS).
 */
public final class ReactorNettyApp {

  private ReactorNettyApp() {}

  public static void main(String[] args) {
    String canary = SseScenario.canary();
    HttpProtocol[] protocols =
        args.length > 0 && args[0].equals("h2c")
            ? new HttpProtocol[] {HttpProtocol.H2C, HttpProtocol.HTTP11}
            : new HttpProtocol[] {HttpProtocol.HTTP11};
    DisposableServer server =
        HttpServer.create()
            .protocol(protocols)
            .host("127.0.0.1")
            .port(0)
            // gzip for clients that accept it, as WebFlux's server.compression.enabled does
            .compress(true)
            .route(
                routes ->
                    routes
                        .get(
                            "/sse/stream",
                            (req, res) -> {
                              int n =
                                  Integer.parseInt(
                                      new io.netty.handler.codec.http.QueryStringDecoder(req.uri())
                                          .parameters()
                                          .getOrDefault("n", java.util.List.of("5"))
                                          .get(0));
                              return res.header("Content-Type", "text/event-stream")
                                  .header("Set-Cookie", "session=SERVER-SECRET-" + canary)
                                  .sendString(
                                      Flux.range(1, n)
                                          .delayElements(Duration.ofMillis(10))
                                          .map(i -> SseScenario.event(canary, i)));
                            })
                        .get(
                            "/sse/ticks",
                            (req, res) -> {
                              int n =
                                  Integer.parseInt(
                                      new io.netty.handler.codec.http.QueryStringDecoder(req.uri())
                                          .parameters()
                                          .get("n")
                                          .get(0));
                              return res.header("Content-Type", "text/event-stream")
                                  .sendString(
                                      Flux.range(1, n)
                                          .delayElements(Duration.ofMillis(100))
                                          .map(i -> SseScenario.event(canary, i)));
                            })
                        .get(
                            "/sse/server-close",
                            // Two events, then the publisher fails, as a relay's upstream does:
                            // Reactor Netty drops the connection mid-response.
                            (req, res) ->
                                res.header("Content-Type", "text/event-stream")
                                    .sendString(
                                        Flux.range(1, 2)
                                            .delayElements(Duration.ofMillis(10))
                                            .map(i -> SseScenario.event(canary, i))
                                            .concatWith(
                                                Flux.error(
                                                    new IllegalStateException("upstream gone")))))
                        .get(
                            "/sse/forever",
                            (req, res) ->
                                res.header("Content-Type", "text/event-stream")
                                    .sendString(
                                        Flux.interval(Duration.ofMillis(50))
                                            .map(i -> SseScenario.event(canary, (int) (i + 1))))))
            .bindNow();
    SseScenario.announce(server.port());
    server.onDispose().block();
  }
}
