package dev.ssewatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The client side of the canary tests: streams that carry every secret, and what must follow. */
final class CanaryStreams {

  private CanaryStreams() {}

  /**
   * Reads {@code count} canary streams from the server on the port, each request carrying every
   * secret, and checks that each response really carried the canary and the secret cookie; returns
   * the paths asked for.
   */
  static List<String> fetch(int port, Secrets secrets, int count) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    List<String> paths = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      String path = "/chat/stream-" + i;
      paths.add(path);
      HttpRequest.Builder request =
          HttpRequest.newBuilder(
                  URI.create("http://127.0.0.1:" + port + path + "?" + secrets.query()))
              .header("Accept", "text/event-stream")
              .timeout(Duration.ofSeconds(10));
      secrets.requestHeaders().forEach(request::header);
      HttpResponse<String> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo(CanaryBackend.body(secrets));
      assertThat(response.headers().allValues("Set-Cookie"))
          .anyMatch(v -> v.contains(secrets.setCookie()));
    }
    return paths;
  }

  /**
   * Waits until every receiver has each of the streams, recorded for one of the paths, and checks
   * that no receiver got the canary or any secret.
   */
  static void assertRecordedWithoutSecrets(
      AllReceivers receivers, List<String> paths, Secrets secrets) {
    Map<String, String> streams = receivers.awaitJsonlStreams(paths.size());
    assertThat(streams.values())
        .as("recorded stream targets")
        .hasSize(paths.size())
        .allSatisfy(url -> assertThat(paths).anyMatch(url::startsWith));
    receivers.awaitStreams(List.copyOf(streams.keySet()), CanaryBackend.EVENTS);

    receivers.assertNoneContains(secrets.forbidden());
  }
}
