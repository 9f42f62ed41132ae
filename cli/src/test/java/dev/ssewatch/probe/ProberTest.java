package dev.ssewatch.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.core.http.Header;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProberTest {

  @AutoClose private static final MisbehavingBackend backend = MisbehavingBackend.start();

  private static ProbeReport probe(String path, String duration, String idleBudget) {
    return Prober.probe(
        new ProbeOptions(
            backend.uri(path),
            dev.ssewatch.core.config.Durations.parse(duration),
            dev.ssewatch.core.config.Durations.parse(idleBudget),
            List.of()));
  }

  static Stream<Arguments> backends() {
    return Stream.of(
        // path, duration, idle budget, expected rules, exit code. A stream the backend ends gets
        // 30 s, a ceiling; only those that never end are probed for a set time.
        Arguments.of("/clean", "30s", "240s", List.of(), 0),
        Arguments.of("/heartbeats", "30s", "240s", List.of(), 0),
        Arguments.of("/burst", "30s", "240s", List.of("first_event_at_end", "burst"), 2),
        Arguments.of("/content-length", "30s", "240s", List.of("content_length"), 2),
        Arguments.of("/gzip", "30s", "240s", List.of("content_encoding"), 1),
        // Not marked cacheable, nothing to base a lifetime on: information, exit code 0.
        Arguments.of("/no-cache-control", "30s", "240s", List.of("cache_control"), 0),
        Arguments.of("/silence", "30s", "400ms", List.of("gap_critical", "no_heartbeats"), 2),
        // The probe accepts only text/event-stream, as EventSource does: critical.
        Arguments.of("/wrong-type", "30s", "240s", List.of("content_type"), 2),
        Arguments.of("/error", "30s", "240s", List.of("status"), 2),
        Arguments.of("/redirect", "30s", "240s", List.of("status"), 1),
        Arguments.of("/accel-buffering", "30s", "240s", List.of("x_accel_buffering"), 2),
        Arguments.of("/hang", "300ms", "240s", List.of("no_events"), 1),
        Arguments.of("/no-headers", "300ms", "240s", List.of("no_response"), 2));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void reportsEachMisbehaviourWithItsRuleAndExitCode(
      String path, String duration, String idleBudget, List<String> rules, int exitCode) {
    ProbeReport report = probe(path, duration, idleBudget);

    assertThat(report.findings()).extracting(ProbeFinding::rule).containsExactlyElementsOf(rules);
    assertThat(report.exitCode()).isEqualTo(exitCode);
    assertThat(report.toText() + report.toJson()).doesNotContain(MisbehavingBackend.DATA_MARKER);
  }

  @Test
  void measuresACleanStream() {
    ProbeResult r = probe("/clean", "30s", "240s").result();

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.end()).isEqualTo(ProbeResult.End.SERVER_CLOSED);
    assertThat(r.events()).isEqualTo(5);
    assertThat(r.comments()).isZero();
    assertThat(r.timeToHeadersNanos()).isNotNegative();
    assertThat(r.timeToFirstEventNanos()).isGreaterThanOrEqualTo(r.timeToHeadersNanos());
    // The server paces events 50 ms apart; arrival times jitter on a busy machine.
    assertThat(Duration.ofNanos(r.gapP50Nanos())).isGreaterThanOrEqualTo(Duration.ofMillis(25));
    assertThat(r.gapMaxNanos()).isGreaterThanOrEqualTo(r.gapP50Nanos());
    assertThat(r.burstEvents()).isZero();
  }

  @Test
  void countsHeartbeats() {
    ProbeResult r = probe("/heartbeats", "30s", "240s").result();

    assertThat(r.events()).isEqualTo(5);
    assertThat(r.comments()).isEqualTo(4);
  }

  @Test
  void burstSignatureNamesTheEventsAndTheSilenceBeforeThem() {
    ProbeResult r = probe("/burst", "30s", "240s").result();

    assertThat(r.burstEvents()).isEqualTo(6);
    assertThat(Duration.ofNanos(r.burstSilenceNanos()))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void compressedBodiesAreNotParsed() {
    ProbeResult r = probe("/gzip", "30s", "240s").result();

    assertThat(r.events()).isEqualTo(-1);
    assertThat(r.bytes()).isPositive();
  }

  @Test
  void silenceIsMeasuredAgainstTheIdleBudget() {
    ProbeReport report = probe("/silence", "30s", "400ms");

    // The server pauses 500 ms; the client may see the first event a little late.
    assertThat(Duration.ofNanos(report.result().longestSilenceNanos()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(400));
    assertThat(report.toText()).contains("% of the idle budget 400ms");
  }

  @Test
  void stopsListeningWhenTheDurationIsOver() {
    ProbeResult r = probe("/hang", "300ms", "240s").result();

    assertThat(r.end()).isEqualTo(ProbeResult.End.DURATION_REACHED);
    assertThat(r.silenceOngoing()).isTrue();
    assertThat(Duration.ofNanos(r.durationNanos()))
        .isBetween(Duration.ofMillis(300), Duration.ofSeconds(30));
  }

  @Test
  void unreachableServerIsCritical() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    ProbeReport report =
        Prober.probe(
            new ProbeOptions(
                URI.create("http://127.0.0.1:" + port + "/sse"),
                Duration.ofSeconds(2),
                Duration.ofSeconds(240),
                List.of()));

    assertThat(report.findings())
        .extracting(ProbeFinding::rule)
        .containsExactly("connection_failed");
    assertThat(report.exitCode()).isEqualTo(2);
    assertThat(report.result().end()).isEqualTo(ProbeResult.End.FAILED);
  }

  @Test
  void sendsCredentialsButNeverPrintsThem() {
    ProbeReport report =
        Prober.probe(
            new ProbeOptions(
                backend.uri("/clean"),
                Duration.ofSeconds(5),
                Duration.ofSeconds(240),
                List.of(new Header("Authorization", "Bearer s3cr3t-token"))));

    assertThat(backend.authorizationSeen).containsEntry("/clean", "Bearer s3cr3t-token");
    String printed = report.toText() + report.toJson();
    assertThat(printed)
        .doesNotContain("s3cr3t-token")
        .doesNotContain("abc123")
        .contains("Authorization: [REDACTED]")
        .contains("Accept: text/event-stream");
  }
}
