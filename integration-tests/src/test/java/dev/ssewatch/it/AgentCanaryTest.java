package dev.ssewatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The canary test, agent side: a Netty SSE application in a child JVM under {@code -javaagent}
 * serves streams whose every data line carries a fresh canary; neither the canary nor any secret
 * reaches any exporter's receiver, or the application's output. Skipped, saying why, while the
 * agent jar does not bundle the exporters under test.
 */
class AgentCanaryTest {

  private static final int STREAMS = 3;

  @Test
  void noEventDataNorSecretReachesTheJsonLinesFromTheAgent(@TempDir Path dir) throws Exception {
    List<String> exporters = List.of("jsonl");
    Path agent = AgentJar.assumeBundles(exporters);
    runCanary(agent, dir, exporters);
  }

  @Test
  void noEventDataNorSecretReachesAnyExporterFromTheAgent(@TempDir Path dir) throws Exception {
    Path agent = AgentJar.assumeBundles(AllReceivers.ALL);
    runCanary(agent, dir, AllReceivers.ALL);
  }

  private static void runCanary(Path agent, Path dir, List<String> exporters) throws Exception {
    Secrets secrets = Secrets.random();
    try (AllReceivers receivers = new AllReceivers(dir, exporters);
        ChildJvm app =
            ChildJvm.start(
                agent,
                receivers.settings(),
                NettySseApp.class,
                secrets.canary(),
                secrets.setCookie())) {
      int port = Integer.parseInt(app.awaitLine(NettySseApp.LISTENING, Duration.ofSeconds(30)));
      // Waits for the agent's ready line, so that no stream can start before it records.
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> app.output().contains("[ssewatch] agent "));
      HttpClient client = HttpClient.newHttpClient();
      List<String> paths = new ArrayList<>();
      for (int i = 1; i <= STREAMS; i++) {
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
        // The stream really carried the canary and the secret cookie.
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(CanaryBackend.body(secrets));
        assertThat(response.headers().allValues("Set-Cookie"))
            .anyMatch(v -> v.contains(secrets.setCookie()));
      }
      if (exporters.contains("event-hubs")) {
        // The first send opens the AMQP connection, which a cold JVM on a loaded machine may take
        // seconds to do: the exporters' budget at exit is for sending, not for connecting.
        await().atMost(Duration.ofSeconds(60)).until(() -> !receivers.eventHub.events().isEmpty());
      }
      // Stopping the application makes the agent flush every exporter.
      assertThat(app.stop(Duration.ofSeconds(30))).as("exit code").isZero();

      Map<String, String> streams = receivers.awaitJsonlStreams(STREAMS);
      assertThat(streams.values())
          .as("recorded stream targets")
          .hasSize(STREAMS)
          .allSatisfy(url -> assertThat(paths).anyMatch(url::startsWith));
      receivers.awaitStreams(List.copyOf(streams.keySet()), CanaryBackend.EVENTS);

      receivers.assertNoneContains(secrets.forbidden());
      secrets.assertAbsentFrom("the application's output", app.output());
    }
  }
}
