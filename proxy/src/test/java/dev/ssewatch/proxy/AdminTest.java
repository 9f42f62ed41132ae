package dev.ssewatch.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class AdminTest extends ProxyTestCase {

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void healthzMetricsAndStreamsAreServedOnTheAdminListener() throws Exception {
    backend =
        new TestBackend(
            (req, c) -> {
              c.sseHead();
              c.chunk("data: a\n\n");
              c.endChunks();
              return true;
            });
    proxy = ProxyFixture.startWithAdmin(backend.uri(), b -> b);
    http.send(
        HttpRequest.newBuilder(ProxyFixture.url(proxy, "/e")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(get("/healthz").statusCode()).isEqualTo(200);
    HttpResponse<String> metrics = get("/metrics");
    assertThat(metrics.headers().firstValue("content-type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain; version=0.0.4"));
    assertThat(metrics.body())
        .contains("ssewatch_proxy_requests_total 1")
        .contains("ssewatch_proxy_streams_total 1")
        .contains("ssewatch_proxy_open_streams 0")
        .contains("ssewatch_proxy_closes_total{reason=\"completed\"} 1")
        .contains("ssewatch_proxy_alerts_total{kind=\"buffering\"}")
        .contains("ssewatch_proxy_event_gap_seconds_bucket{le=\"+Inf\"}")
        .contains("ssewatch_proxy_telemetry_dropped_total");
    HttpResponse<String> streams = get("/streams");
    assertThat(streams.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(streams.body()).startsWith("{\"open\":0,\"streams\":[");
    assertThat(get("/nope").statusCode()).isEqualTo(404);
  }

  private HttpResponse<String> get(String path) throws Exception {
    InetSocketAddress a = proxy.adminAddress();
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.getPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
