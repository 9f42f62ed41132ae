package dev.ssewatch.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** How streams end, as counted: cut, reset, closed at the end of the run; the open model. */
class StreamEndsTest {

  @RegisterExtension static final SseBackend backend = SseBackend.perClass();

  @TempDir Path dir;

  /**
   * Runs {@code options} against a {@link CuttingBackend} that cuts each connection after one event
   * and {@code silenceMillis}, and checks the exit code.
   */
  private LoadResult againstCutting(long silenceMillis, int exitCode, String... options)
      throws Exception {
    try (CuttingBackend cutting = new CuttingBackend(silenceMillis)) {
      String[] args = new String[options.length + 1];
      args[0] = cutting.url();
      System.arraycopy(options, 0, args, 1, options.length);
      LoadRun run = LoadRun.withJson(dir.resolve("r.json"), args);
      assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(exitCode);
      return run.result();
    }
  }

  @Test
  void aConnectionClosedMidStreamIsAResetAndAnError() throws Exception {
    LoadResult r =
        againstCutting(0, 1, "--streams", "2", "--no-reconnect", "--max-error-rate", "0%");
    assertThat(r.ends).containsEntry("reset", 2L);
    assertThat(r.counter("events")).isEqualTo(2);
    assertThat(r.counter("failed_connections")).isEqualTo(2);
  }

  @Test
  void aConnectionCutAfterASilenceNearTheBudgetIsAnIdleCut() throws Exception {
    LoadResult r =
        againstCutting(
            1500,
            1,
            "--streams",
            "1",
            "--no-reconnect",
            "--idle-budget",
            "1s",
            "--fail-on",
            "likely_idle_kill");
    assertThat(r.ends).containsEntry("idle_cut", 1L);
    assertThat(r.findings).containsKeys("likely_idle_kill", "gap_critical");
  }

  @Test
  void aCutStreamReconnectsAfterTheDefaultRetry() throws Exception {
    LoadResult r = againstCutting(0, 0, "--streams", "1", "--events", "3", "--retry", "10ms");
    assertThat(r.counter("events")).isEqualTo(3);
    assertThat(r.counter("connections")).isEqualTo(3);
    assertThat(r.counter("reconnects")).isEqualTo(2);
    assertThat(r.ends).containsEntry("reset", 2L).containsEntry("events_reached", 1L);
  }

  @Test
  void streamsStillOpenAtTheEndAreClosedAndCheckedForTheirSilence() throws Exception {
    LoadRun run =
        LoadRun.withJson(
            dir.resolve("r.json"),
            backend.url("/quiet?silence=30000"),
            "--streams",
            "3",
            "--duration",
            "4s",
            "--idle-budget",
            "1s");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
    LoadResult r = run.result();
    assertThat(r.ends).containsEntry("duration_reached", 3L);
    assertThat(r.counter("events")).isEqualTo(3);
    // Still silent when the run closed them: up to 4 s of a 1 s budget.
    assertThat(r.findings).containsKeys("gap_critical", "no_heartbeats");
  }

  @Test
  void theOpenModelStartsStreamsAtTheRateUpToMaxOpen() throws Exception {
    LoadRun run =
        LoadRun.withJson(
            dir.resolve("r.json"),
            backend.url("/quiet?silence=30000"),
            "--rate",
            "5",
            "--max-open",
            "3",
            "--duration",
            "5s");

    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(0);
    LoadResult r = run.result();
    assertThat(r.counter("streams_started")).isEqualTo(3);
    // 5 per second for (almost) five seconds; the main thread may be late on a loaded machine.
    assertThat(r.counter("skipped_at_max_open")).isBetween(5L, 22L);
    assertThat(r.ends).containsEntry("duration_reached", 3L);
  }

  @Test
  void aServerThatNeverAnswersIsCountedAsNoHeaders() throws Exception {
    LoadRun run;
    // The kernel completes the handshake for the backlog; nobody ever reads the request.
    try (java.net.ServerSocket silent =
        new java.net.ServerSocket(0, 16, java.net.InetAddress.getLoopbackAddress())) {
      run =
          LoadRun.withJson(
              dir.resolve("r.json"),
              "http://127.0.0.1:" + silent.getLocalPort() + "/events",
              "--streams",
              "2",
              "--duration",
              "3s",
              "--connect-timeout",
              "500ms");
      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err()).contains("no connection got a response");
    }
    LoadResult r = run.result();
    assertThat(r.ends).containsEntry("no_headers", 2L);
    assertThat(r.counter("failed_connections")).isEqualTo(2);
  }
}
