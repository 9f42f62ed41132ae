package dev.ssewatch.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How streams end, as counted: cut, reset, closed at the end of the run; the open model. */
class StreamEndsTest {

  private static SseBackend backend;

  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    backend = new SseBackend();
  }

  @AfterAll
  static void stop() {
    backend.close();
  }

  private LoadResult json(Path p) throws Exception {
    return LoadResult.fromJson(Files.readString(p));
  }

  @Test
  void aConnectionClosedMidStreamIsAResetAndAnError() throws Exception {
    Path json = dir.resolve("r.json");
    try (CuttingBackend cutting = new CuttingBackend(0)) {
      LoadRun run =
          LoadRun.of(
              cutting.url(),
              "--streams",
              "2",
              "--no-reconnect",
              "--max-error-rate",
              "0%",
              "--json",
              json.toString());
      assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    }
    LoadResult r = json(json);
    assertThat(r.ends).containsEntry("reset", 2L);
    assertThat(r.counter("events")).isEqualTo(2);
    assertThat(r.counter("failed_connections")).isEqualTo(2);
  }

  @Test
  void aConnectionCutAfterASilenceNearTheBudgetIsAnIdleCut() throws Exception {
    Path json = dir.resolve("r.json");
    try (CuttingBackend cutting = new CuttingBackend(1500)) {
      LoadRun run =
          LoadRun.of(
              cutting.url(),
              "--streams",
              "1",
              "--no-reconnect",
              "--idle-budget",
              "1s",
              "--fail-on",
              "likely_idle_kill",
              "--json",
              json.toString());
      assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    }
    LoadResult r = json(json);
    assertThat(r.ends).containsEntry("idle_cut", 1L);
    assertThat(r.findings).containsKeys("likely_idle_kill", "gap_critical");
  }

  @Test
  void aCutStreamReconnectsAfterTheDefaultRetry() throws Exception {
    Path json = dir.resolve("r.json");
    try (CuttingBackend cutting = new CuttingBackend(0)) {
      LoadRun run =
          LoadRun.of(
              cutting.url(),
              "--streams",
              "1",
              "--events",
              "3",
              "--retry",
              "10ms",
              "--json",
              json.toString());
      assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
    }
    LoadResult r = json(json);
    assertThat(r.counter("events")).isEqualTo(3);
    assertThat(r.counter("connections")).isEqualTo(3);
    assertThat(r.counter("reconnects")).isEqualTo(2);
    assertThat(r.ends).containsEntry("reset", 2L).containsEntry("events_reached", 1L);
  }

  @Test
  void streamsStillOpenAtTheEndAreClosedAndCheckedForTheirSilence() throws Exception {
    Path json = dir.resolve("r.json");
    LoadRun run =
        LoadRun.of(
            backend.url("/quiet?silence=30000"),
            "--streams",
            "3",
            "--duration",
            "4s",
            "--idle-budget",
            "1s",
            "--json",
            json.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
    LoadResult r = json(json);
    assertThat(r.ends).containsEntry("duration_reached", 3L);
    assertThat(r.counter("events")).isEqualTo(3);
    // Still silent when the run closed them: up to 4 s of a 1 s budget.
    assertThat(r.findings).containsKeys("gap_critical", "no_heartbeats");
  }

  @Test
  void theOpenModelStartsStreamsAtTheRateUpToMaxOpen() throws Exception {
    Path json = dir.resolve("r.json");
    LoadRun run =
        LoadRun.of(
            backend.url("/quiet?silence=30000"),
            "--rate",
            "5",
            "--max-open",
            "3",
            "--duration",
            "5s",
            "--json",
            json.toString());

    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(0);
    LoadResult r = json(json);
    assertThat(r.counter("streams_started")).isEqualTo(3);
    // 5 per second for (almost) five seconds; the main thread may be late on a loaded machine.
    assertThat(r.counter("skipped_at_max_open")).isBetween(5L, 22L);
    assertThat(r.ends).containsEntry("duration_reached", 3L);
  }

  @Test
  void aServerThatNeverAnswersIsCountedAsNoHeaders() throws Exception {
    Path json = dir.resolve("r.json");
    // The kernel completes the handshake for the backlog; nobody ever reads the request.
    try (java.net.ServerSocket silent =
        new java.net.ServerSocket(0, 16, java.net.InetAddress.getLoopbackAddress())) {
      LoadRun run =
          LoadRun.of(
              "http://127.0.0.1:" + silent.getLocalPort() + "/events",
              "--streams",
              "2",
              "--duration",
              "3s",
              "--connect-timeout",
              "500ms",
              "--json",
              json.toString());
      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err()).contains("no connection got a response");
    }
    LoadResult r = json(json);
    assertThat(r.ends).containsEntry("no_headers", 2L);
    assertThat(r.counter("failed_connections")).isEqualTo(2);
  }
}
