package dev.ssewatch.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssewatch.core.telemetry.TelemetryRecord;
import dev.ssewatch.proxy.admin.live.LiveFeedReader;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LivePageTest {

  private static final String SECRET = "secret-event-payload";

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final List<TelemetryRecord> exported = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private TestBackend backend;
  private ProxyServer proxy;
  private LiveFeedReader feed;

  @AfterEach
  void stop() throws Exception {
    release.countDown();
    if (feed != null) {
      feed.close();
    }
    if (proxy != null) {
      proxy.shutdown(Duration.ZERO);
    }
    if (backend != null) {
      backend.close();
    }
  }

  private void startProxy() throws Exception {
    backend =
        new TestBackend(
            (req, c) -> {
              if (req.target().startsWith("/sized")) {
                String body = "data: " + SECRET + "\n\n";
                c.write(
                    "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control:"
                        + " no-cache\r\nContent-Length: "
                        + body.length()
                        + "\r\n\r\n"
                        + body);
                return true;
              }
              c.sseHead();
              c.chunk("data: " + SECRET + "\n\n");
              release.await(30, TimeUnit.SECONDS);
              c.endChunks();
              return true;
            });
    proxy = ProxyFixture.startRecording(backend.uri(), exported::add, o -> o);
  }

  @Test
  void aStreamOpenedThroughTheProxyAppearsInASnapshot() throws Exception {
    startProxy();
    feed = LiveFeedReader.open(proxy.adminAddress());
    assertThat(feed.response.headers().firstValue("content-type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));

    http.sendAsync(
        HttpRequest.newBuilder(ProxyFixture.url(proxy, "/long/stream?x=1")).build(),
        HttpResponse.BodyHandlers.ofInputStream());

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                feed.data("snapshot").stream()
                    .anyMatch(
                        d ->
                            d.contains("\"url\":\"/long/stream?x=1\"")
                                && d.contains("\"events\":1")
                                && d.contains("\"idle_budget_ms\":240000")));
    assertThat(feed.data("hello")).hasSize(1);
    assertThat(feed.events).noneMatch(e -> e.data().contains(SECRET));
  }

  @Test
  void anAlertAndTheStreamEndArriveAsTheyHappen() throws Exception {
    startProxy();
    feed = LiveFeedReader.open(proxy.adminAddress());

    HttpResponse<String> sized =
        http.send(
            HttpRequest.newBuilder(ProxyFixture.url(proxy, "/sized")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(sized.body()).contains(SECRET);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                feed.data("alert").stream()
                    .anyMatch(
                        d ->
                            d.contains("\"rule\":\"content_length\"")
                                && d.contains("\"kind\":\"buffering\"")
                                && d.contains("\"advice\":")));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                feed.data("stream_end").stream()
                    .anyMatch(
                        d ->
                            d.contains("\"url\":\"/sized\"")
                                && d.contains("\"close_reason\":\"completed\"")));
    assertThat(feed.events).noneMatch(e -> e.data().contains(SECRET));
    // The feed is a tee: the exporter still receives every record.
    assertThat(exported).anyMatch(r -> r.recordType().equals("alert"));
  }

  @Test
  void aReaderThatConnectsLateIsShownRecentAlerts() throws Exception {
    startProxy();
    http.send(
        HttpRequest.newBuilder(ProxyFixture.url(proxy, "/sized")).build(),
        HttpResponse.BodyHandlers.ofString());
    await().atMost(Duration.ofSeconds(30)).until(() -> proxy.metrics().openExchanges() == 0);

    feed = LiveFeedReader.open(proxy.adminAddress());

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> feed.data("alert").stream().anyMatch(d -> d.contains("content_length")));
  }

  @Test
  void thePageIsServedWithAStrictContentSecurityPolicy() throws Exception {
    startProxy();
    InetSocketAddress a = proxy.adminAddress();
    for (String path : List.of("/", "/live")) {
      HttpResponse<String> page =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.getPort() + path)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
      assertThat(page.headers().firstValue("content-security-policy"))
          .hasValueSatisfying(
              csp ->
                  assertThat(csp)
                      .startsWith("default-src 'none'")
                      .contains("script-src 'sha256-")
                      .contains("connect-src 'self'")
                      .doesNotContain("unsafe"));
      assertThat(page.body()).contains("new EventSource(\"/live/events\")");
      assertThat(page.body()).doesNotContain("innerHTML");
    }
    // The other admin answers are still there behind the live handler.
    HttpResponse<InputStream> metrics =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.getPort() + "/metrics"))
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    metrics.body().close();
    assertThat(metrics.statusCode()).isEqualTo(200);
  }
}
