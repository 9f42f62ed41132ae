package dev.ssewatch.core.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.risk.Alert;
import dev.ssewatch.core.risk.AlertKind;
import dev.ssewatch.core.risk.Severity;
import dev.ssewatch.core.telemetry.AlertRecord;
import dev.ssewatch.core.telemetry.CloseReason;
import dev.ssewatch.core.telemetry.Progress;
import dev.ssewatch.core.telemetry.StreamEnd;
import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.telemetry.StreamStart;
import dev.ssewatch.core.testing.ManualTimeSource;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The recorder's timing, counting, alerting and robustness, independent of event parsing. */
class StreamRecorderTest {

  private final Fixture f = new Fixture();

  @Test
  void aGivenRouteIsKeptAsIs() {
    StreamRecorder r =
        f.recorders.begin("GET", "/users/42/events", "/users/{id}/events", List.of(), f.now());
    r.onResponseHeaders(200, Fixture.SSE_RESPONSE, f.now());

    assertThat(f.sink.single(StreamStart.class).route()).isEqualTo("/users/{id}/events");
  }

  @Test
  void routesAreThePathOfTheUrl() {
    assertThat(RequestTargets.pathOf("/a/b?c=d")).isEqualTo("/a/b");
    assertThat(RequestTargets.pathOf("/a#frag")).isEqualTo("/a");
    assertThat(RequestTargets.pathOf("https://h:8443/x/y?z")).isEqualTo("/x/y");
    assertThat(RequestTargets.pathOf("https://h")).isEqualTo("/");
    assertThat(RequestTargets.pathOf("https://h?q=1")).isEqualTo("/");
    assertThat(RequestTargets.pathOf("")).isEqualTo("/");
    assertThat(RequestTargets.pathOf("/cb?next=http://x/y")).isEqualTo("/cb");
  }

  @Test
  void aNonEventStreamEmitsOnlyStartAndEnd() {
    StreamRecorder r =
        f.recorders.begin("GET", "/api/items", null, List.of(new Header("Accept", "*/*")), f.now());
    r.onResponseHeaders(200, Fixture.JSON_RESPONSE, f.now());
    f.advance(Duration.ofMinutes(10));
    f.bytes(r, "data: not an event\n\n{\"a\":1}");
    f.advance(Duration.ofMinutes(10));
    f.recorders.tick();
    r.onHeartbeat(f.now());
    r.onWireWrite(f.now());

    r.onEnd(CloseReason.UPSTREAM_ABORT, f.now());

    assertThat(f.sink.recordTypes()).containsExactly("stream_start", "stream_end");
    StreamEnd end = f.sink.single(StreamEnd.class);
    assertThat(end.eventStream()).isFalse();
    assertThat(end.events()).isZero();
    assertThat(end.bytes()).isEqualTo(27);
    assertThat(end.timeToFirstEventNanos()).isEqualTo(-1);
    assertThat(end.closeReason()).isEqualTo(CloseReason.UPSTREAM_ABORT);
    assertThat(r.atEventBoundary()).isTrue();
  }

  @Test
  void streamEndRepeatsTheExchangeAndSumsItUp() {
    StreamRecorder r = f.sse(Duration.ofMillis(5));
    f.advance(Duration.ofSeconds(3));
    f.bytes(r, ": hello\n\n");
    f.advance(Duration.ofSeconds(7));
    r.onHeartbeat(f.now());
    f.advance(Duration.ofSeconds(2));

    r.onEnd(CloseReason.CLIENT_ABORT, f.now());

    StreamEnd end = f.sink.single(StreamEnd.class);
    assertThat(end.streamId()).isEqualTo(r.streamId());
    assertThat(end.method()).isEqualTo("GET");
    assertThat(end.route()).isEqualTo("/events");
    assertThat(end.status()).isEqualTo(200);
    assertThat(end.eventStream()).isTrue();
    assertThat(end.durationNanos()).isEqualTo(Duration.ofMillis(12_005).toNanos());
    assertThat(end.bytes()).isEqualTo(9);
    assertThat(end.heartbeats()).isEqualTo(1);
    assertThat(end.largestGapNanos()).isEqualTo(Duration.ofSeconds(7).toNanos());
    assertThat(end.closeReason()).isEqualTo(CloseReason.CLIENT_ABORT);
    assertThat(end.timestampMillis())
        .isEqualTo(ManualTimeSource.DEFAULT_START_EPOCH_MILLIS + 12_005);
    assertThat(f.sink.recordTypes()).endsWith("stream_end");
  }

  @Test
  void theFinalSilenceCountsAsAGap() {
    StreamRecorder r = f.sse();
    f.bytes(r, ": x\n");
    f.advance(Duration.ofSeconds(30));

    r.onEnd(CloseReason.COMPLETED, f.now());

    assertThat(f.sink.single(StreamEnd.class).largestGapNanos())
        .isEqualTo(Duration.ofSeconds(30).toNanos());
  }

  @Test
  void anExchangeEndedBeforeItsHeadersHasNoStatus() {
    StreamRecorder r = f.begin();
    f.advance(Duration.ofSeconds(1));

    r.onEnd(CloseReason.CLIENT_ABORT, f.now());

    assertThat(f.sink.recordTypes()).containsExactly("stream_end");
    StreamEnd end = f.sink.single(StreamEnd.class);
    assertThat(end.status()).isZero();
    assertThat(end.eventStream()).isFalse();
    assertThat(end.largestGapNanos()).isZero();
  }

  @Test
  void onEndIsIdempotent() {
    StreamRecorder r = f.sse();
    r.onEnd(CloseReason.COMPLETED, f.now());
    f.advance(Duration.ofSeconds(1));

    r.onEnd(CloseReason.ERROR, f.now());
    f.bytes(r, "data: late\n\n");
    r.onHeartbeat(f.now());
    r.onResponseHeaders(500, List.of(), f.now());

    assertThat(f.sink.recordTypes()).containsExactly("stream_start", "stream_end");
    assertThat(f.sink.single(StreamEnd.class).closeReason()).isEqualTo(CloseReason.COMPLETED);
  }

  @Test
  void onlyTheFirstResponseHeadersCount() {
    StreamRecorder r = f.begin();
    r.onResponseHeaders(200, Fixture.SSE_RESPONSE, f.now());
    r.onResponseHeaders(200, Fixture.JSON_RESPONSE, f.now());

    assertThat(f.sink.single(StreamStart.class).eventStream()).isTrue();
  }

  @Test
  void aJsonAnswerToAnEventStreamRequestIsAlerted() {
    StreamRecorder r = f.begin();
    r.onResponseHeaders(200, Fixture.JSON_RESPONSE, f.now());

    assertThat(f.sink.alertRules()).containsExactly("content_type");
  }

  @Test
  void aSilenceEndedByBytesIsJudgedWithoutAnyTick() {
    Fixture f = new Fixture(Map.of("ssewatch.idle.budget", "100s"));
    StreamRecorder r = f.sse(Duration.ZERO);
    f.advance(Duration.ofSeconds(49));
    f.bytes(r, ": a\n");
    assertThat(f.sink.alerts()).isEmpty();

    f.advance(Duration.ofSeconds(95));
    f.bytes(r, ": b\n");

    assertThat(f.sink.alertRules()).containsExactly("gap_critical");
    assertThat(f.sink.alerts().get(0).evidence()).contains("a silence of 1m 35s", "95%");
  }

  @Test
  void headerRisksAreAlertedWithTheStreamStart() {
    StreamRecorder r = f.begin();
    r.onResponseHeaders(
        200,
        List.of(
            new Header("Content-Type", "text/event-stream"),
            new Header("Content-Encoding", "gzip")),
        f.now());

    assertThat(f.sink.recordTypes()).containsExactly("stream_start", "alert", "alert");
    assertThat(f.sink.alertRules()).containsExactly("content_encoding", "cache_control");
    assertThat(f.sink.ofType(AlertRecord.class))
        .allSatisfy(a -> assertThat(a.streamId()).isEqualTo(r.streamId()));
    assertThat(r.snapshot(f.now()).alerts()).isEqualTo(2);
  }

  @Test
  void streamStartDescribesTheExchange() {
    long begun = f.now();
    StreamRecorder r =
        f.recorders.begin(
            "POST", "http://api.example/v1/chat?x=1", null, Fixture.SSE_REQUEST, begun);
    f.advance(Duration.ofMillis(42));

    r.onResponseHeaders(200, Fixture.SSE_RESPONSE, f.now());

    StreamStart s = f.sink.single(StreamStart.class);
    assertThat(s.streamId()).isEqualTo(r.streamId());
    assertThat(s.source()).isEqualTo(StreamSource.PROXY);
    assertThat(s.method()).isEqualTo("POST");
    assertThat(s.route()).isEqualTo("/v1/chat");
    assertThat(s.status()).isEqualTo(200);
    assertThat(s.contentType()).isEqualTo("text/event-stream");
    assertThat(s.eventStream()).isTrue();
    assertThat(s.timeToHeadersNanos()).isEqualTo(Duration.ofMillis(42).toNanos());
    assertThat(s.startEpochMillis()).isEqualTo(ManualTimeSource.DEFAULT_START_EPOCH_MILLIS);
    assertThat(s.timestampMillis()).isEqualTo(ManualTimeSource.DEFAULT_START_EPOCH_MILLIS + 42);
    assertThat(f.sink.alerts()).isEmpty();
  }

  // ---- progress ----

  @Test
  void progressIsEmittedEveryInterval() {
    Fixture f = new Fixture(Map.of("ssewatch.progress.interval", "10s"));
    StreamRecorder r = f.sse(Duration.ZERO);
    List<Long> durations = new ArrayList<>();

    for (int second = 1; second <= 35; second++) {
      f.advance(Duration.ofSeconds(1));
      if (second == 12) {
        f.bytes(r, ": ping\n");
      }
      f.recorders.tick();
    }

    List<Progress> progress = f.sink.ofType(Progress.class);
    for (Progress p : progress) {
      durations.add(p.durationNanos() / 1_000_000_000L);
    }
    assertThat(durations).containsExactly(10L, 20L, 30L);
    Progress second = progress.get(1);
    assertThat(second.streamId()).isEqualTo(r.streamId());
    assertThat(second.bytes()).isEqualTo(7);
    assertThat(second.currentGapNanos()).isEqualTo(Duration.ofSeconds(8).toNanos());
    assertThat(second.largestGapNanos()).isEqualTo(Duration.ofSeconds(12).toNanos());
  }

  @Test
  void progressCanBeTurnedOff() {
    Fixture f = new Fixture(Map.of("ssewatch.progress.interval", "0"));
    f.sse();

    for (int i = 0; i < 5; i++) {
      f.advance(Duration.ofMinutes(1));
      f.recorders.tick();
    }

    assertThat(f.sink.ofType(Progress.class)).isEmpty();
  }

  // ---- idle budget ----

  @Test
  void anOngoingSilenceWarnsAtHalfAndTurnsCriticalAtNinetyPercentOfTheBudget() {
    Fixture f = new Fixture(Map.of("ssewatch.heartbeat.expected-within", "1h"));
    StreamRecorder r = f.sse(Duration.ZERO);

    tickEverySecondFor(f, 119);
    assertThat(f.sink.alerts()).isEmpty();
    tickEverySecondFor(f, 1);
    assertThat(f.sink.alertRules()).containsExactly("gap_warning");
    tickEverySecondFor(f, 95);
    assertThat(f.sink.alertRules()).containsExactly("gap_warning");
    tickEverySecondFor(f, 1);
    assertThat(f.sink.alertRules()).containsExactly("gap_warning", "gap_critical");
    tickEverySecondFor(f, 600);

    assertThat(f.sink.alertRules()).containsExactly("gap_warning", "gap_critical");
    Alert critical = f.sink.alerts().get(1);
    assertThat(critical.kind()).isEqualTo(AlertKind.IDLE_TIMEOUT_RISK);
    assertThat(critical.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(critical.evidence()).contains("3m 36s", "90%", "azure-lb");
    assertThat(r.snapshot(f.now()).alerts()).isEqualTo(2);
  }

  @Test
  void presetsMoveTheThresholds() {
    Fixture nginx = new Fixture(Map.of("ssewatch.idle.preset", "nginx"));
    nginx.sse(Duration.ZERO);

    tickEverySecondFor(nginx, 29);
    assertThat(nginx.sink.alerts()).isEmpty();
    tickEverySecondFor(nginx, 1);
    assertThat(nginx.sink.alertRules()).containsExactly("gap_warning");
    tickEverySecondFor(nginx, 24);
    assertThat(nginx.sink.alertRules()).containsExactly("gap_warning", "gap_critical");
    assertThat(nginx.sink.alerts().get(0).evidence()).contains("nginx");

    Fixture cloudflare = new Fixture(Map.of("ssewatch.idle.preset", "cloudflare"));
    cloudflare.sse(Duration.ZERO);
    tickEverySecondFor(cloudflare, 49);
    assertThat(cloudflare.sink.alerts()).isEmpty();
    tickEverySecondFor(cloudflare, 1);
    assertThat(cloudflare.sink.alertRules()).containsExactly("gap_warning");
  }

  @Test
  void heartbeatsKeepTheWireBusy() {
    Fixture f = new Fixture(Map.of("ssewatch.heartbeat.expected-within", "1h"));
    StreamRecorder r = f.sse(Duration.ZERO);

    for (int i = 0; i < 20; i++) {
      f.advance(Duration.ofSeconds(30));
      r.onHeartbeat(f.now());
      f.recorders.tick();
    }

    assertThat(f.sink.alerts()).isEmpty();
    assertThat(r.snapshot(f.now()).heartbeats()).isEqualTo(20);
    assertThat(r.snapshot(f.now()).largestGapNanos()).isEqualTo(Duration.ofSeconds(30).toNanos());
  }

  @Test
  void anAbortAfterASilenceNearTheBudgetIsALikelyIdleKill() {
    StreamRecorder r = f.sse(Duration.ZERO);
    f.bytes(r, ": open\n");
    f.advance(Duration.ofSeconds(239));

    r.onEnd(CloseReason.UPSTREAM_ABORT, f.now());

    assertThat(f.sink.alertRules()).containsExactly("gap_critical", "likely_idle_kill");
    Alert kill = f.sink.alerts().get(1);
    assertThat(kill.kind()).isEqualTo(AlertKind.LIKELY_IDLE_KILL);
    assertThat(kill.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(kill.evidence()).contains("upstream_abort", "3m 59s");
    assertThat(f.sink.recordTypes()).endsWith("alert", "stream_end");
  }

  @Test
  void aCompletedStreamOrAShortSilenceIsNoIdleKill() {
    StreamRecorder completed = f.sse(Duration.ZERO);
    f.bytes(completed, ": x\n");
    f.advance(Duration.ofSeconds(239));
    completed.onEnd(CloseReason.COMPLETED, f.now());

    StreamRecorder aborted = f.sse(Duration.ZERO);
    f.bytes(aborted, ": x\n");
    f.advance(Duration.ofSeconds(200));
    aborted.onEnd(CloseReason.CLIENT_ABORT, f.now());

    assertThat(f.sink.alertRules()).doesNotContain("likely_idle_kill");
  }

  @Test
  void aServerThatNeverSendsCommentsRaisesNoHeartbeatsOnce() {
    Fixture f = new Fixture(Map.of("ssewatch.idle.budget", "10m"));
    StreamRecorder r = f.sse(Duration.ZERO);

    tickEverySecondFor(f, 59);
    assertThat(f.sink.alertRules()).isEmpty();
    tickEverySecondFor(f, 1);
    assertThat(f.sink.alertRules()).containsExactly("no_heartbeats");
    tickEverySecondFor(f, 120);
    assertThat(f.sink.alertRules()).containsExactly("no_heartbeats");
    assertThat(f.sink.alerts().get(0).kind()).isEqualTo(AlertKind.NO_HEARTBEATS);
    assertThat(r.snapshot(f.now()).comments()).isZero();
  }

  @Test
  void proxyHeartbeatsDoNotHideThatTheServerSendsNone() {
    Fixture f = new Fixture(Map.of("ssewatch.idle.budget", "10m"));
    StreamRecorder r = f.sse(Duration.ZERO);

    for (int i = 0; i < 4; i++) {
      f.advance(Duration.ofSeconds(20));
      r.onHeartbeat(f.now());
      f.recorders.tick();
    }

    assertThat(f.sink.alertRules()).containsExactly("no_heartbeats");
  }

  // ---- snapshot ----

  @Test
  void snapshotShowsTheLiveState() {
    StreamRecorder r = f.sse(Duration.ofMillis(10));
    f.advance(Duration.ofSeconds(4));
    f.bytes(r, ": ok\n");
    f.advance(Duration.ofSeconds(6));

    StreamSnapshot s = r.snapshot(f.now());

    assertThat(s.streamId()).isEqualTo(r.streamId());
    assertThat(s.method()).isEqualTo("GET");
    assertThat(s.route()).isEqualTo("/events");
    assertThat(s.status()).isEqualTo(200);
    assertThat(s.eventStream()).isTrue();
    assertThat(s.startEpochMillis()).isEqualTo(ManualTimeSource.DEFAULT_START_EPOCH_MILLIS);
    assertThat(s.ageNanos()).isEqualTo(Duration.ofMillis(10_010).toNanos());
    assertThat(s.bytes()).isEqualTo(5);
    assertThat(s.currentGapNanos()).isEqualTo(Duration.ofSeconds(6).toNanos());
    assertThat(s.largestGapNanos()).isEqualTo(Duration.ofSeconds(6).toNanos());
    assertThat(s.timeToFirstEventNanos()).isEqualTo(-1);
  }

  // ---- robustness ----

  @Test
  void garbageInputNeverThrowsAndIsCounted() {
    StreamRecorder r = f.begin();

    assertThatCode(
            () -> {
              r.onBytes((byte[]) null, 0, 3, f.now());
              r.onBytes(new byte[4], 3, 5, f.now());
              r.onBytes(new byte[4], -1, 2, f.now());
              r.onBytes((ByteBuffer) null, f.now());
              r.onResponseHeaders(-7, null, f.now() - 1_000_000_000L);
              r.onBytes(new byte[] {0, (byte) 0xff, '\r', '\n', '\n'}, 0, 5, 0);
              r.onWireWrite(-5);
              r.onHeartbeat(Long.MIN_VALUE);
              r.snapshot(Long.MAX_VALUE);
              r.atEventBoundary();
              r.onEnd(null, f.now());
            })
        .doesNotThrowAnyException();

    assertThat(r.internalErrors()).isGreaterThanOrEqualTo(4);
    assertThat(f.recorders.internalErrors()).isGreaterThanOrEqualTo(4);
    StreamEnd end = f.sink.single(StreamEnd.class);
    assertThat(end.bytes()).isEqualTo(5);
    assertThat(end.closeReason()).isEqualTo(CloseReason.ERROR);
    assertThat(f.recorders.openStreams()).isEmpty();
  }

  @Test
  void nullArgumentsToBeginStillGiveAWorkingRecorder() {
    StreamRecorder r = f.recorders.begin(null, null, null, null, f.now());
    r.onResponseHeaders(200, Fixture.SSE_RESPONSE, f.now());
    r.onEnd(CloseReason.COMPLETED, f.now());

    assertThat(f.sink.recordTypes()).containsExactly("stream_start", "stream_end");
    assertThat(f.sink.single(StreamStart.class).route()).isEqualTo("/");
  }

  @Test
  void aFailingSinkNeverReachesTheCaller() {
    ManualTimeSource time = new ManualTimeSource();
    StreamRecorders recorders =
        StreamRecorders.createWithoutTicker(
            dev.ssewatch.core.config.Settings.of(Map.of()),
            StreamSource.AGENT,
            rec -> {
              throw new IllegalStateException("sink down");
            },
            time);

    assertThatCode(
            () -> {
              StreamRecorder r = recorders.begin("GET", "/e", null, List.of(), time.nanoTime());
              r.onResponseHeaders(200, List.of(new Header("Content-Type", "text/event-stream")), 0);
              r.onEnd(CloseReason.COMPLETED, time.nanoTime());
            })
        .doesNotThrowAnyException();
    assertThat(recorders.internalErrors()).isGreaterThanOrEqualTo(3);
    assertThat(recorders.openStreams()).isEmpty();
  }

  @Test
  void randomChunksNeverBreakTheRecorder() {
    java.util.Random random = new java.util.Random(42);
    StreamRecorder r = f.sse();
    long total = 0;
    for (int i = 0; i < 2_000; i++) {
      byte[] chunk = new byte[random.nextInt(64)];
      random.nextBytes(chunk);
      int off = chunk.length == 0 ? 0 : random.nextInt(chunk.length);
      int len = chunk.length - off;
      f.advance(Duration.ofMillis(random.nextInt(50)));
      r.onBytes(Arrays.copyOf(chunk, chunk.length), off, len, f.now());
      total += len;
      if (i % 100 == 0) {
        f.recorders.tick();
        r.atEventBoundary();
      }
    }
    r.onEnd(CloseReason.COMPLETED, f.now());

    assertThat(f.sink.single(StreamEnd.class).bytes()).isEqualTo(total);
  }

  private static void tickEverySecondFor(Fixture f, int seconds) {
    for (int i = 0; i < seconds; i++) {
      f.advance(Duration.ofSeconds(1));
      f.recorders.tick();
    }
  }
}
