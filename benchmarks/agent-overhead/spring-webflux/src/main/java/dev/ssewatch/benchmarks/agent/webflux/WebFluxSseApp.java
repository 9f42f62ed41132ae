package dev.ssewatch.benchmarks.agent.webflux;

import java.time.Duration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

/**
 * Spring Boot WebFlux on Reactor Netty, written as its users write SSE endpoints: {@code GET
 * /sse?n=N&pauseNanos=P} returns a {@code Flux<ServerSentEvent<Tick>>} of {@code n} events, each
 * {@link Tick} serialised by WebFlux's Jackson encoder, {@code pauseNanos} apart when it is not 0.
 * Prints {@code LISTENING port} once Netty listens.
 */
@SpringBootApplication
@RestController
public class WebFluxSseApp {

  public static void main(String[] args) {
    SpringApplication.run(WebFluxSseApp.class, args);
  }

  @EventListener
  void listening(WebServerInitializedEvent event) {
    System.out.println("LISTENING " + event.getWebServer().getPort());
    System.out.flush();
  }

  @GetMapping(path = "/sse", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  Flux<ServerSentEvent<Tick>> sse(
      @RequestParam("n") int n, @RequestParam("pauseNanos") long pauseNanos) {
    String stream = Long.toHexString(System.nanoTime());
    Flux<Integer> seq = Flux.range(1, n);
    if (pauseNanos > 0) {
      seq = seq.delayElements(Duration.ofNanos(pauseNanos));
    }
    // The tick, and so its write time, is made when the event is emitted, not when it is planned.
    return seq.map(
        i ->
            ServerSentEvent.builder(Tick.of(stream, i))
                .id(Integer.toString(i))
                .event("tick")
                .build());
  }
}
