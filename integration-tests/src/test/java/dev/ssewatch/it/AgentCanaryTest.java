package dev.ssewatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
        ChildJvm app = ChildJvm.startNettySseApp(List.of(), agent, receivers.settings(), secrets)) {
      int port = app.awaitAppAndAgent(Duration.ofSeconds(30));
      // The streams really carry the canary and the secret cookie.
      List<String> paths = CanaryStreams.fetch(port, secrets, STREAMS);
      if (exporters.contains("event-hubs")) {
        // The first send opens the AMQP connection, which a cold JVM on a loaded machine may take
        // seconds to do: the exporters' budget at exit is for sending, not for connecting.
        await().atMost(Duration.ofSeconds(60)).until(() -> !receivers.eventHub.events().isEmpty());
      }
      // Stopping the application makes the agent flush every exporter.
      assertThat(app.stop(Duration.ofSeconds(30))).as("exit code").isZero();

      CanaryStreams.assertRecordedWithoutSecrets(receivers, paths, secrets);
      secrets.assertAbsentFrom("the application's output", app.output());
    }
  }
}
