package dev.ssewatch.agent.apps.micronaut;

import dev.ssewatch.agent.apps.SseScenario;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.sse.Event;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import java.time.Duration;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/**
 * A Micronaut 4 application on its Netty server, its event streams written as Micronaut's users
 * write them: a controller method returning a {@code Publisher<Event<Tick>>}, each event's data a
 * small JSON record. Prints {@code LISTENING port} once the server listens; its settings come as
 * system properties. Micronaut compresses event streams for clients that accept it, with no
 * setting.
 */
@Controller("/sse")
public class MicronautSseApp {

  public static void main(String[] args) {
    ApplicationContext context = Micronaut.run(MicronautSseApp.class, args);
    SseScenario.announce(context.getBean(EmbeddedServer.class).getPort());
  }

  /**
   * {@code n} events {@code pause} ms apart, then complete; with {@code Cache-Control: no-cache},
   * as the guidance for event streams asks, and a secret cookie the record must redact.
   */
  @Get(value = "/stream", produces = MediaType.TEXT_EVENT_STREAM)
  HttpResponse<Publisher<Event<Tick>>> stream(
      @QueryValue("n") int n, @QueryValue(value = "pause", defaultValue = "10") long pause) {
    return HttpResponse.ok(ticks(Flux.range(1, n).delayElements(Duration.ofMillis(pause))))
        .header("Cache-Control", "no-cache")
        .header("Set-Cookie", "session=SERVER-SECRET-" + SseScenario.canary());
  }

  /** Events every 100 ms until the client goes away. */
  @Get(value = "/forever", produces = MediaType.TEXT_EVENT_STREAM)
  Publisher<Event<Tick>> forever() {
    return ticks(Flux.interval(Duration.ofMillis(100)).map(i -> (int) (i + 1)));
  }

  /** An event stream whose whole body is known, so it goes out with a {@code Content-Length}. */
  @Get(value = "/content-length", produces = MediaType.TEXT_EVENT_STREAM)
  HttpResponse<byte[]> contentLength(@QueryValue("n") int n) {
    return HttpResponse.ok(SseScenario.allEvents(n)).contentType(MediaType.TEXT_EVENT_STREAM_TYPE);
  }

  private static Publisher<Event<Tick>> ticks(Flux<Integer> seq) {
    String canary = SseScenario.canary();
    return seq.map(
        i ->
            Event.of(new Tick(i, SseScenario.data(canary, i)))
                .id(Integer.toString(i))
                .name("tick"));
  }
}
