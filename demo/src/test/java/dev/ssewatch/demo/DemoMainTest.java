package dev.ssewatch.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DemoMainTest {

  /** Every event's data holds this JSON key; the console must never show it. */
  private static final String DATA_MARKER = "\"of\":";

  /**
   * One whole round, however long a loaded machine takes for it: a fixed duration could end before
   * any stream had an event. The duration is only a ceiling.
   */
  private static final String[] SHORT =
      new String[] {
        "--rounds", "1",
        "--duration", "120s",
        "--idle-budget", "2s",
        "--heartbeat", "500ms",
        "--pace", "300ms",
        "--listen", "127.0.0.1:0",
        "--admin", "127.0.0.1:0",
        "--no-colour"
      };

  @Test
  void proxySideFlagsEveryMisbehaviourAndKeepsTheQuietStreamAlive() {
    String out = run(concat(SHORT, "--no-agent"));

    assertThat(out)
        .contains("buffering/content_length")
        .contains("buffering/content_encoding")
        .contains("buffering/first_event_at_end")
        .contains("heartbeats injected")
        .contains("summary: alerts by side and rule")
        .doesNotContain(DATA_MARKER);
  }

  @Test
  void agentSideRecordsTheSameBackendInAChildJvm() {
    Path agent = AgentBackend.locateAgent(null);
    assumeTrue(agent != null, "agent jar not built: run the reactor build first");

    String out = run(concat(SHORT, "--agent", agent.toString()));

    assertThat(out)
        .contains("backend with agent")
        .containsPattern("(?m)^agent .*start  GET /server-events/5")
        .containsPattern("(?m)^agent .*ALERT .*buffering/write_delay")
        // Tomcat keeps a length set with setContentLength out of its header names until commit.
        .containsPattern("(?m)^agent .*ALERT .*buffering/content_length")
        .containsPattern("(?m)^agent .*ALERT .*idle_timeout_risk/")
        .doesNotContain(DATA_MARKER);
  }

  private static String run(String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int code = new CommandLine(new DemoMain(out)).execute(args);
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertThat(code).as(text).isZero();
    return text;
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = new String[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
