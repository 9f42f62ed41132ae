package dev.ssewatch.proxy.admin.live;

import dev.ssewatch.core.sse.SseEvent;
import dev.ssewatch.core.sse.SseParser;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** Reads {@code /live/events} with the JDK client and core's parser, on a daemon thread. */
public final class LiveFeedReader implements AutoCloseable {

  public final List<SseEvent> events = new CopyOnWriteArrayList<>();
  public final AtomicLong comments = new AtomicLong();
  public final HttpResponse<InputStream> response;
  private final Thread thread;

  private LiveFeedReader(HttpResponse<InputStream> response) {
    this.response = response;
    SseParser parser =
        new SseParser(
            new SseParser.Listener() {
              @Override
              public void onEvent(SseEvent event) {
                events.add(event);
              }

              @Override
              public void onComment(long length) {
                comments.incrementAndGet();
              }
            });
    this.thread =
        new Thread(
            () -> {
              byte[] buf = new byte[8192];
              try (InputStream in = response.body()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                  parser.feed(buf, 0, n);
                }
              } catch (IOException e) {
                // closed by the test or the server
              }
            },
            "live-feed-reader");
    thread.setDaemon(true);
    thread.start();
  }

  public static LiveFeedReader open(InetSocketAddress admin) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpResponse<InputStream> r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + admin.getPort() + "/live/events"))
                .header("Accept", "text/event-stream")
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    return new LiveFeedReader(r);
  }

  /** Data of every event of {@code type} received so far. */
  public List<String> data(String type) {
    return events.stream().filter(e -> e.type().equals(type)).map(SseEvent::data).toList();
  }

  @Override
  public void close() throws IOException {
    response.body().close();
  }
}
