package dev.ssewatch.agent.apps.spring.mvc;

import dev.ssewatch.agent.apps.SseScenario;
import dev.ssewatch.agent.apps.spring.SpringEvents;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Spring Boot MVC on Tomcat, its SSE endpoints written as Spring's users write them: an {@link
 * SseEmitter} filled by a worker thread, a {@link StreamingResponseBody} that never flushes, a body
 * of known length. Prints {@code LISTENING port} once Tomcat listens. Spring Boot's settings
 * (compression among them) come as command-line arguments.
 */
@SpringBootApplication
@RestController
public class MvcSseApp {

  private static final MediaType TEXT_UTF8 =
      new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8);

  private final ExecutorService senders = Executors.newCachedThreadPool();

  public static void main(String[] args) {
    SpringApplication.run(MvcSseApp.class, args);
  }

  @EventListener
  void listening(WebServerInitializedEvent event) {
    SseScenario.announce(event.getWebServer().getPort());
  }

  /**
   * {@code n} events, each sent (and so flushed) {@code pause} ms apart, then complete; with {@code
   * Cache-Control: no-cache}, as the guidance for event streams asks.
   */
  @GetMapping(path = "/sse/stream")
  ResponseEntity<SseEmitter> stream(
      @RequestParam("n") int n, @RequestParam(name = "pause", defaultValue = "10") long pause) {
    return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(emit(n, pause));
  }

  /** The same with the headers Spring sends by default: no {@code Cache-Control}. */
  @GetMapping(path = "/sse/cache-default")
  SseEmitter cacheDefault(@RequestParam("n") int n) {
    return emit(n, 10);
  }

  /** Events every 100 ms until the client goes away. */
  @GetMapping(path = "/sse/forever")
  SseEmitter forever() {
    return emit(100_000, 100);
  }

  /**
   * Events 300 ms apart written to a {@link StreamingResponseBody} that never flushes: Tomcat's
   * response buffer holds them until Spring flushes at the end. (Its content type must be set on
   * the {@link ResponseEntity}: {@code produces} alone sets none for a streaming body.)
   */
  @GetMapping(path = "/sse/hold")
  ResponseEntity<StreamingResponseBody> hold(@RequestParam("n") int n) {
    String canary = SseScenario.canary();
    StreamingResponseBody body =
        out -> {
          for (int i = 1; i <= n; i++) {
            out.write(SpringEvents.event(canary, i).getBytes(StandardCharsets.UTF_8));
            try {
              Thread.sleep(300);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return;
            }
          }
        };
    return ResponseEntity.ok().contentType(MediaType.TEXT_EVENT_STREAM).body(body);
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
  void plain(HttpServletResponse response) throws IOException {
    response.setContentType("text/plain;charset=UTF-8");
    response.getWriter().write("not an event stream");
  }

  /** A secret response header on every response, which the record must redact. */
  @Bean
  SessionCookie sessionCookie() {
    return new SessionCookie();
  }

  static final class SessionCookie implements Filter {
    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
        throws IOException, ServletException {
      ((HttpServletResponse) res)
          .setHeader("Set-Cookie", "session=SERVER-SECRET-" + SseScenario.canary());
      chain.doFilter(req, res);
    }
  }

  private SseEmitter emit(int n, long pauseMillis) {
    // No timeout: the never-ending stream outlasts the container's default.
    SseEmitter emitter = new SseEmitter(0L);
    String canary = SseScenario.canary();
    senders.execute(
        () -> {
          try {
            for (int i = 1; i <= n; i++) {
              emitter.send(
                  SseEmitter.event()
                      .id(Integer.toString(i))
                      .name("tick")
                      .data(SseScenario.data(canary, i), TEXT_UTF8));
              if (i < n) {
                Thread.sleep(pauseMillis);
              }
            }
            emitter.complete();
          } catch (IOException | IllegalStateException gone) {
            // The client went away: the emitter is done.
            emitter.completeWithError(gone);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            emitter.complete();
          }
        });
    return emitter;
  }
}
