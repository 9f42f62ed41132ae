package dev.ssewatch.agent.apps.spring.webflux;

import dev.ssewatch.agent.apps.SseScenario;
import dev.ssewatch.agent.apps.spring.SpringEvents;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Spring Boot WebFlux on Reactor Netty, its SSE endpoints written as Spring's users write them: a
 * {@code Flux<ServerSentEvent>}, a body of known length, and a relay that streams an upstream LLM
 * or MCP server's events on to its client through {@link WebClient}, as an AI gateway does (the
 * upstream's address in the system property {@code relay.upstream}). Prints {@code LISTENING port}
 * once Netty listens. Spring Boot's settings (compression among them) come as command-line
 * arguments.
 */
@SpringBootApplication
@RestController
public class WebFluxSseApp {

  private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE =
      new ParameterizedTypeReference<>() {};

  private final WebClient upstream;

  WebFluxSseApp(WebClient.Builder builder) {
    this.upstream =
        builder.baseUrl(System.getProperty("relay.upstream", "http://127.0.0.1:9")).build();
  }

  public static void main(String[] args) {
    SpringApplication.run(WebFluxSseApp.class, args);
  }

  @EventListener
  void listening(WebServerInitializedEvent event) {
    SseScenario.announce(event.getWebServer().getPort());
  }

  /**
   * {@code n} events {@code pause} ms apart, then complete; with {@code Cache-Control: no-cache},
   * as the guidance for event streams asks.
   */
  @GetMapping(path = "/sse/stream")
  ResponseEntity<Flux<ServerSentEvent<String>>> stream(
      @RequestParam("n") int n, @RequestParam(name = "pause", defaultValue = "10") long pause) {
    return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(ticks(n, pause));
  }

  /** The same with the headers Spring sends by default: no {@code Cache-Control}. */
  @GetMapping(path = "/sse/cache-default")
  Flux<ServerSentEvent<String>> cacheDefault(@RequestParam("n") int n) {
    return ticks(n, 10);
  }

  /** Events every 100 ms until the client goes away. */
  @GetMapping(path = "/sse/forever")
  Flux<ServerSentEvent<String>> forever() {
    return ticks(Flux.interval(Duration.ofMillis(100)).map(i -> (int) (i + 1)));
  }

  /** An event stream whose whole body is known, so it goes out with a {@code Content-Length}. */
  @GetMapping(path = "/sse/content-length")
  ResponseEntity<byte[]> contentLength(@RequestParam("n") int n) {
    byte[] body = SpringEvents.allEvents(SseScenario.canary(), n);
    return ResponseEntity.ok()
        .contentType(MediaType.TEXT_EVENT_STREAM)
        .contentLength(body.length)
        .body(body);
  }

  /** Written to the response directly, whatever the request accepts. */
  @GetMapping(path = "/sse/plain")
  Mono<Void> plain(ServerHttpResponse response) {
    response.getHeaders().setContentType(MediaType.TEXT_PLAIN);
    byte[] body = "not an event stream".getBytes(StandardCharsets.UTF_8);
    return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
  }

  /** A secret response header on every response, which the record must redact. */
  @Bean
  WebFilter sessionCookie() {
    return (exchange, chain) -> {
      exchange
          .getResponse()
          .getHeaders()
          .set("Set-Cookie", "session=SERVER-SECRET-" + SseScenario.canary());
      return chain.filter(exchange);
    };
  }

  /** An OpenAI chat completion, relayed event by event from the upstream's {@code replay}. */
  @PostMapping(path = "/v1/chat/completions", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  Flux<ServerSentEvent<String>> chat(
      @RequestBody String request, @RequestParam("replay") String replay) {
    return relay(replay, request);
  }

  /** An MCP Streamable HTTP call whose response is an event stream, relayed the same way. */
  @PostMapping(path = "/mcp", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  Flux<ServerSentEvent<String>> mcp(
      @RequestBody String request, @RequestParam("replay") String replay) {
    return relay(replay, request);
  }

  private Flux<ServerSentEvent<String>> relay(String replay, String request) {
    return upstream
        .post()
        .uri("/replay/{replay}", replay)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(request)
        .retrieve()
        .bodyToFlux(SSE)
        .map(e -> ServerSentEvent.builder(e.data()).id(e.id()).event(e.event()).build());
  }

  private static Flux<ServerSentEvent<String>> ticks(int n, long pause) {
    return ticks(Flux.range(1, n).delayElements(Duration.ofMillis(pause)));
  }

  private static Flux<ServerSentEvent<String>> ticks(Flux<Integer> seq) {
    String canary = SseScenario.canary();
    return seq.map(
        i ->
            ServerSentEvent.builder(SseScenario.data(canary, i))
                .id(Integer.toString(i))
                .event("tick")
                .build());
  }
}
