package dev.ssewatch.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** End to end against a real loopback backend with known pacing. */
class LoadCommandTest {

  @RegisterExtension static final SseBackend backend = SseBackend.perClass();

  @TempDir Path dir;

  @Test
  void countsAndGapsMatchWhatTheBackendSent() throws Exception {
    LoadRun run =
        LoadRun.withJson(
            dir.resolve("r.json"),
            backend.url("/paced?events=6&every=200"),
            "--streams",
            "5",
            "--events",
            "6",
            "--duration",
            "60s");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
    LoadResult r = run.result();
    assertThat(r.counter("streams_started")).isEqualTo(5);
    assertThat(r.counter("connections")).isEqualTo(5);
    assertThat(r.counter("events")).isEqualTo(30);
    assertThat(r.counter("reconnects")).isZero();
    assertThat(r.ends).containsEntry("events_reached", 5L);
    assertThat(r.statuses).containsEntry("200", 5L);
    assertThat(r.histogram(Metric.CONNECT).getTotalCount()).isEqualTo(5);
    assertThat(r.histogram(Metric.HEADERS).getTotalCount()).isEqualTo(5);
    assertThat(r.histogram(Metric.TTFE).getTotalCount()).isEqualTo(5);
    Histogram gaps = r.histogram(Metric.GAP);
    assertThat(gaps.getTotalCount()).isEqualTo(25);
    // The backend sleeps 200 ms between events; a loaded machine only adds to it.
    assertThat(gaps.getValueAtPercentile(50)).isBetween(180_000L, 2_000_000L);
    assertThat(r.findings).isEmpty();
    assertThat(run.out()).contains("events_reached").contains("time to first event");
  }

  @Test
  void aBufferingBackendIsFlaggedAndFailsTheRunOnRequest() throws Exception {
    LoadRun run =
        LoadRun.withJson(
            dir.resolve("r.json"),
            backend.url("/buffered?events=6&every=250"),
            "--streams",
            "2",
            "--no-reconnect",
            "--fail-on",
            "buffering");

    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
    LoadResult r = run.result();
    assertThat(r.findings).containsKeys("first_event_at_end", "burst");
    assertThat(r.findings.get("first_event_at_end").connections()).isEqualTo(2);
    assertThat(run.out()).contains("thresholds: FAIL").contains("buffering/first_event_at_end");
  }

  @Test
  void findingsAloneDoNotFailARunWithoutThresholds() {
    LoadRun run =
        LoadRun.of(backend.url("/buffered?events=6&every=250"), "--streams", "1", "--no-reconnect");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
    assertThat(run.out()).contains("first_event_at_end");
  }

  @Test
  void aGzipBackendIsFlagged() throws Exception {
    LoadRun run =
        LoadRun.withJson(
            dir.resolve("r.json"),
            backend.url("/gzip"),
            "--streams",
            "2",
            "--no-reconnect",
            "--fail-on",
            "content_encoding");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    LoadResult r = run.result();
    assertThat(r.findings.get("content_encoding").kind()).isEqualTo("buffering");
    assertThat(r.findings.get("content_encoding").connections()).isEqualTo(2);
  }

  @Test
  void aBackendThatGoesQuietPastTheBudgetIsFlagged() throws Exception {
    LoadRun run =
        LoadRun.withJson(
            dir.resolve("r.json"),
            backend.url("/quiet?silence=2000"),
            "--streams",
            "2",
            "--no-reconnect",
            "--idle-budget",
            "1s",
            "--fail-on",
            "idle_timeout_risk");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    LoadResult r = run.result();
    assertThat(r.findings).containsKey("gap_critical");
    assertThat(r.findings.get("gap_critical").kind()).isEqualTo("idle_timeout_risk");
    assertThat(r.findings).containsKey("no_heartbeats");
    assertThat(run.out()).contains("idle_timeout_risk/gap_critical");
  }

  @Test
  void aStreamThatEndsReconnectsWithLastEventId() throws Exception {
    backend.lastEventIds.clear();
    LoadRun run =
        LoadRun.withJson(
            dir.resolve("r.json"),
            backend.url("/resume"),
            "--streams",
            "1",
            "--events",
            "9",
            // The server asks for 50 ms: a client that ignored it would wait a minute, past the
            // run.
            "--retry",
            "60s",
            "--duration",
            "30s");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
    LoadResult r = run.result();
    assertThat(r.counter("events")).isEqualTo(9);
    assertThat(r.counter("connections")).isEqualTo(3);
    assertThat(r.counter("reconnects")).isEqualTo(2);
    assertThat(r.ends).containsEntry("completed", 2L).containsEntry("events_reached", 1L);
    assertThat(backend.lastEventIds).containsExactly("", "3", "6");
  }

  @Test
  void theErrorRateThresholdDrivesTheExitCode() throws Exception {
    LoadRun failing =
        LoadRun.withJson(
            dir.resolve("r.json"),
            backend.url("/status?code=503"),
            "--streams",
            "3",
            "--max-error-rate",
            "0.1%");

    assertThat(failing.exitCode()).as(failing.err()).isEqualTo(1);
    LoadResult r = failing.result();
    assertThat(r.statuses).containsEntry("503", 3L);
    assertThat(r.ends).containsEntry("http_error", 3L);
    assertThat(r.counter("reconnects")).as("EventSource gives up on a status").isZero();
    assertThat(r.errorRate()).isCloseTo(1.0, within(1e-9));
    assertThat(failing.out()).contains("error rate 100.00%");

    LoadRun passing =
        LoadRun.of(backend.url("/status?code=503"), "--streams", "3", "--max-error-rate", "100%");
    assertThat(passing.exitCode()).isEqualTo(0);
  }

  @Test
  void theTimeToFirstEventThresholdDrivesTheExitCode() {
    String url = backend.url("/paced?events=1&delay=300");
    LoadRun failing = LoadRun.of(url, "--streams", "2", "--events", "1", "--max-ttfe-p99", "100ms");
    assertThat(failing.exitCode()).as(failing.err()).isEqualTo(1);
    assertThat(failing.out()).contains("time to first event p99");

    LoadRun passing = LoadRun.of(url, "--streams", "2", "--events", "1", "--max-ttfe-p99", "60s");
    assertThat(passing.exitCode()).as(passing.err()).isEqualTo(0);
  }

  @Test
  void aRunWithoutAnyResponseCouldNotRun() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    LoadRun run =
        LoadRun.of("http://127.0.0.1:" + port + "/events", "--streams", "2", "--no-reconnect");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).contains("connect_failed");
    assertThat(run.err()).contains("no connection got a response");
  }

  @Test
  void badOptionsCannotRun() {
    assertThat(LoadRun.of("ftp://x/").exitCode()).isEqualTo(2);
    assertThat(LoadRun.of(backend.url("/paced"), "--streams", "2", "--rate", "5").exitCode())
        .isEqualTo(2);
    assertThat(LoadRun.of(backend.url("/paced"), "--fail-on", "bufering").err())
        .contains("unknown kind or rule 'bufering'");
    LoadRun secret = LoadRun.of(backend.url("/paced"), "-H", "s3cr3t-token-value");
    assertThat(secret.exitCode()).isEqualTo(2);
    assertThat(secret.err()).doesNotContain("s3cr3t");
  }

  @Test
  void progressIsPrintedAsPlainLinesWhenNotATerminal() {
    LoadRun run =
        LoadRun.of(backend.url("/paced?events=3&every=700"), "--streams", "1", "--events", "3");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
    assertThat(run.out()).doesNotContain("\r").containsPattern("streams \\d+/1 +events");
  }

  @Test
  void headerValuesAndSecretQueryValuesAreNeverWritten() throws Exception {
    Path html = dir.resolve("r.html");
    LoadRun run =
        LoadRun.withJson(
            dir.resolve("r.json"),
            backend.url("/paced?events=2&every=10&token=query-secret-1"),
            "--streams",
            "1",
            "--events",
            "2",
            "-H",
            "Authorization: Bearer header-secret-2",
            "-H",
            "X-Custom: custom-value-3",
            "--html",
            html.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
    for (String output :
        List.of(run.out(), run.err(), Files.readString(run.json()), Files.readString(html))) {
      assertThat(output)
          .doesNotContain("query-secret-1")
          .doesNotContain("header-secret-2")
          .doesNotContain("custom-value-3");
    }
    assertThat(run.out()).contains("token=[REDACTED]");
  }

  @Test
  void helpExplainsTheLatencyOptInAndTheExitCodes() {
    String usage = new picocli.CommandLine(new LoadCommand()).getUsageMessage();
    assertThat(usage)
        .contains("e.g. 0.1%.")
        .contains("--latency-from")
        .contains("it is never printed or stored")
        .contains("Exit code: 0 pass, 1 a threshold failed")
        .contains("merge");
  }
}
