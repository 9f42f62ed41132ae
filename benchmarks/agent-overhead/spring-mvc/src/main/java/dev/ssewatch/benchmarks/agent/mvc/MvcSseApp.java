package dev.ssewatch.benchmarks.agent.mvc;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Spring Boot MVC on Tomcat, written as its users write SSE endpoints: {@code GET
 * /sse?n=N&pauseNanos=P} returns an {@link SseEmitter} that a worker thread fills with {@code n}
 * events, each a {@link Tick} serialised by Spring's Jackson converter, then completes. Prints
 * {@code LISTENING port} once Tomcat listens.
 */
@SpringBootApplication
@RestController
public class MvcSseApp {

  // One thread per stream, as with an unbounded executor in a typical application.
  private final ExecutorService senders = Executors.newCachedThreadPool();

  public static void main(String[] args) {
    SpringApplication.run(MvcSseApp.class, args);
  }

  @EventListener
  void listening(WebServerInitializedEvent event) {
    System.out.println("LISTENING " + event.getWebServer().getPort());
    System.out.flush();
  }

  @GetMapping(path = "/sse", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  SseEmitter sse(@RequestParam("n") int n, @RequestParam("pauseNanos") long pauseNanos) {
    // No timeout: a long full-speed stream outlasts the container's default.
    SseEmitter emitter = new SseEmitter(0L);
    String stream = Long.toHexString(System.nanoTime());
    senders.execute(
        () -> {
          try {
            for (int i = 1; i <= n; i++) {
              emitter.send(
                  SseEmitter.event()
                      .id(Integer.toString(i))
                      .name("tick")
                      .data(Tick.of(stream, i), MediaType.APPLICATION_JSON));
              if (pauseNanos > 0) {
                LockSupport.parkNanos(pauseNanos);
              }
            }
            emitter.complete();
          } catch (IOException | IllegalStateException gone) {
            // The client went away: the emitter is done.
            emitter.completeWithError(gone);
          }
        });
    return emitter;
  }
}
