package dev.ssewatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.proxy.ProxyConfig;
import dev.ssewatch.proxy.ProxyServer;
import dev.ssewatch.proxy.Route;
import dev.ssewatch.proxy.RouteOptions;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The canary test, proxy side: streams whose every data line carries a fresh canary go through an
 * in-process proxy exporting to all four exporters at once; neither the canary nor any secret of
 * the requests and responses reaches any receiver, or the proxy's own output.
 */
class ProxyCanaryTest {

  private static final int STREAMS = 3;

  @ParameterizedTest(name = "OTLP over {0}")
  @ValueSource(strings = {"http/protobuf", "grpc"})
  void noEventDataNorSecretReachesAnyExporterThroughTheProxy(String otlpProtocol, @TempDir Path dir)
      throws Exception {
    Secrets secrets = Secrets.random();
    try (AllReceivers receivers = new AllReceivers(dir, AllReceivers.ALL, otlpProtocol);
        CanaryBackend backend = CanaryBackend.start(secrets)) {
      String output;
      List<String> paths = new ArrayList<>();
      try (OutputCapture capture = new OutputCapture()) {
        ProxyServer proxy = startProxy(backend.uri(), Settings.of(receivers.settings()));
        try {
          HttpClient client = HttpClient.newHttpClient();
          for (int i = 1; i <= STREAMS; i++) {
            String path = "/chat/stream-" + i;
            paths.add(path);
            HttpRequest.Builder request =
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:" + proxy.port() + path + "?" + secrets.query()))
                    .header("Accept", "text/event-stream")
                    .timeout(Duration.ofSeconds(10));
            secrets.requestHeaders().forEach(request::header);
            HttpResponse<String> response =
                client.send(request.build(), HttpResponse.BodyHandlers.ofString());

            // The stream really carried the canary, and the secret cookie, through the proxy.
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(CanaryBackend.body(secrets));
            assertThat(response.headers().allValues("Set-Cookie"))
                .anyMatch(v -> v.contains(secrets.setCookie()));
          }
        } finally {
          // Flushes every exporter.
          proxy.close();
        }
        output = capture.text();
      }

      // The backend got every secret, so the proxy saw every one of them.
      assertThat(backend.requestsSeen()).hasSize(STREAMS);
      for (String seen : backend.requestsSeen()) {
        assertThat(seen)
            .contains(secrets.bearer(), secrets.cookie(), secrets.apimKey(), secrets.apiKey())
            .contains(secrets.sig(), secrets.code());
      }

      Map<String, String> streams = receivers.awaitJsonlStreams(STREAMS);
      assertThat(streams.values())
          .as("recorded stream targets")
          .hasSize(STREAMS)
          .allSatisfy(url -> assertThat(paths).anyMatch(url::startsWith));
      receivers.awaitStreams(List.copyOf(streams.keySet()), CanaryBackend.EVENTS);

      receivers.assertNoneContains(secrets.forbidden());
      secrets.assertAbsentFrom("the proxy's output and logs", output);
    }
  }

  private static ProxyServer startProxy(URI backend, Settings settings) {
    ProxyConfig config =
        ProxyConfig.builder()
            .listen(new InetSocketAddress("127.0.0.1", 0))
            .admin(null)
            .drain(Duration.ofSeconds(2))
            .route(
                Route.all(
                    backend,
                    RouteOptions.defaults()
                        .withHeartbeat(Duration.ZERO)
                        .withConnectTimeout(Duration.ofSeconds(2))
                        .withResponseHeadersTimeout(Duration.ofSeconds(5))))
            .build();
    return ProxyServer.builder(config).settings(settings).eventLoopThreads(1).build().start();
  }
}
