package dev.ssewatch.demo;

import dev.ssewatch.core.sse.SseParser;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo's SSE client: reads one stream to its end, counting events with the metadata-only parser
 * (the demo shows what ssewatch records, not what the events say).
 */
final class Consumer {

  /** What one stream looked like from the client's side. */
  record Result(String url, int status, long events, long firstEventMillis, String failure) {}

  private final HttpClient client;

  Consumer() {
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  Result read(URI url) {
    long start = System.nanoTime();
    AtomicLong events = new AtomicLong();
    AtomicLong first = new AtomicLong(-1);
    SseParser parser =
        SseParser.metadataOnly(
            (type, id, bytes, lines) -> {
              if (events.incrementAndGet() == 1) {
                first.set((System.nanoTime() - start) / 1_000_000);
              }
            },
            "");
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .header("Accept", "text/event-stream")
            .header("Cache-Control", "no-cache")
            .GET()
            .build();
    try {
      HttpResponse<InputStream> response =
          client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        byte[] buf = new byte[8192];
        for (int n; (n = in.read(buf)) >= 0; ) {
          parser.feed(buf, 0, n);
        }
      }
      parser.end();
      return new Result(url.toString(), response.statusCode(), events.get(), first.get(), null);
    } catch (IOException e) {
      return new Result(url.toString(), -1, events.get(), first.get(), e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(url.toString(), -1, events.get(), first.get(), "interrupted");
    }
  }
}
