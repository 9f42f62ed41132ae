package dev.ssewatch.core.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.core.telemetry.CloseReason;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TimingDetectorsTest {

  private static final RiskSettings S = RiskSettings.defaults();
  private static final long MS = 1_000_000L;
  private static final long S1 = 1_000 * MS;

  @Test
  void burstNeedsBothEnoughEventsAndEnoughSilence() {
    assertThat(BurstDetector.check(4, 10 * S1, S)).isNull();
    assertThat(BurstDetector.check(5, 999 * MS, S)).isNull();

    Alert a = BurstDetector.check(5, S1, S);

    assertThat(a).isNotNull();
    assertThat(a.kind()).isEqualTo(AlertKind.BUFFERING);
    assertThat(a.rule()).isEqualTo("burst");
    assertThat(a.severity()).isEqualTo(Severity.WARNING);
    assertThat(a.evidence()).contains("5 events", "1.0s");
  }

  @Test
  void firstEventAtEndFiresWhenEveryEventComesWithTheEnd() {
    Alert a = FirstEventAtEndDetector.check(12, 8_200 * MS, 40 * MS, S);

    assertThat(a).isNotNull();
    assertThat(a.rule()).isEqualTo("first_event_at_end");
    assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(a.evidence()).contains("all 12 events", "40ms", "8.2s");
  }

  @Test
  void firstEventAtEndStaysQuietForLiveShortOrSingleEventStreams() {
    // events spread over the stream
    assertThat(FirstEventAtEndDetector.check(12, 8_200 * MS, 8_000 * MS, S)).isNull();
    // just outside the window
    assertThat(FirstEventAtEndDetector.check(12, 8_200 * MS, 101 * MS, S)).isNull();
    // a short exchange that happens to send everything at once
    assertThat(FirstEventAtEndDetector.check(12, 900 * MS, 5 * MS, S)).isNull();
    // one result after a long computation is a legitimate stream
    assertThat(FirstEventAtEndDetector.check(1, 8_200 * MS, 5 * MS, S)).isNull();
    // no events at all
    assertThat(FirstEventAtEndDetector.check(0, 8_200 * MS, -1, S)).isNull();
  }

  @Test
  void writeDelayFiresAboveTheThresholdAndSaysWhetherBytesStillWait() {
    assertThat(WriteDelayDetector.check(250 * MS, false, S)).isNull();

    Alert done = WriteDelayDetector.check(1_200 * MS, false, S);
    Alert waiting = WriteDelayDetector.check(1_200 * MS, true, S);

    assertThat(done.rule()).isEqualTo("write_delay");
    assertThat(done.kind()).isEqualTo(AlertKind.BUFFERING);
    assertThat(done.evidence()).contains("took 1.2s", "250ms");
    assertThat(waiting.evidence()).contains("have not reached the socket");
  }

  @Test
  void idleGapEscalatesOnceThroughTheLevels() {
    long budget = S.idleBudgetNanos();

    assertThat(IdleGapDetector.check(budget / 2 - 1, true, IdleGapDetector.LEVEL_NONE, S)).isNull();
    Alert warn = IdleGapDetector.check(budget / 2, true, IdleGapDetector.LEVEL_NONE, S);
    assertThat(warn.rule()).isEqualTo("gap_warning");
    assertThat(warn.kind()).isEqualTo(AlertKind.IDLE_TIMEOUT_RISK);
    assertThat(warn.severity()).isEqualTo(Severity.WARNING);
    assertThat(warn.evidence()).contains("2m 00s", "50%", "4m 00s", "azure-lb");
    assertThat(IdleGapDetector.levelOf(warn)).isEqualTo(IdleGapDetector.LEVEL_WARNING);

    assertThat(IdleGapDetector.check(budget * 8 / 10, true, IdleGapDetector.LEVEL_WARNING, S))
        .isNull();
    Alert crit =
        IdleGapDetector.check(S.idleCriticalNanos(), false, IdleGapDetector.LEVEL_WARNING, S);
    assertThat(crit.rule()).isEqualTo("gap_critical");
    assertThat(crit.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(IdleGapDetector.levelOf(crit)).isEqualTo(IdleGapDetector.LEVEL_CRITICAL);

    assertThat(IdleGapDetector.check(budget * 2, true, IdleGapDetector.LEVEL_CRITICAL, S)).isNull();
  }

  @Test
  void aGapThatJumpsPastBothThresholdsRaisesOnlyTheCriticalAlert() {
    Alert a = IdleGapDetector.check(S.idleBudgetNanos(), false, IdleGapDetector.LEVEL_NONE, S);

    assertThat(a.rule()).isEqualTo("gap_critical");
  }

  @ParameterizedTest
  @EnumSource(
      value = CloseReason.class,
      names = {"UPSTREAM_ABORT", "CLIENT_ABORT", "IDLE_TIMEOUT", "ERROR"})
  void abnormalEndsAfterASilenceNearTheBudgetAreLikelyIdleKills(CloseReason reason) {
    long budget = Duration.ofSeconds(240).toNanos();

    assertThat(IdleKillDetector.check(reason, budget * 89 / 100, S)).isNull();
    Alert a = IdleKillDetector.check(reason, budget * 91 / 100, S);
    assertThat(a.kind()).isEqualTo(AlertKind.LIKELY_IDLE_KILL);
    assertThat(a.rule()).isEqualTo("likely_idle_kill");
    assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(a.evidence()).contains(reason.wireName(), "91%");
    assertThat(IdleKillDetector.check(reason, budget + budget / 10, S)).isNotNull();
  }

  @Test
  void aCompletedStreamIsNeverAnIdleKill() {
    assertThat(IdleKillDetector.check(CloseReason.COMPLETED, S.idleBudgetNanos(), S)).isNull();
  }

  @Test
  void noHeartbeatsNeedsASilenceAndNoComment() {
    long within = S.heartbeatExpectedWithinNanos();

    assertThat(NoHeartbeatsDetector.check(0, within - 1, 10 * within, S)).isNull();
    assertThat(NoHeartbeatsDetector.check(1, within * 2, 10 * within, S)).isNull();
    Alert a = NoHeartbeatsDetector.check(0, within, 2 * within, S);
    assertThat(a.kind()).isEqualTo(AlertKind.NO_HEARTBEATS);
    assertThat(a.rule()).isEqualTo("no_heartbeats");
    assertThat(a.severity()).isEqualTo(Severity.WARNING);
    assertThat(a.evidence()).contains("1m 00s", "2m 00s");
  }

  @Test
  void figuresAreReadable() {
    assertThat(Figures.duration(-1)).isEqualTo("unknown");
    assertThat(Figures.duration(850 * MS)).isEqualTo("850ms");
    assertThat(Figures.duration(12_340 * MS)).isEqualTo("12.3s");
    assertThat(Figures.duration(245 * S1)).isEqualTo("4m 05s");
    assertThat(Figures.percent(0.5)).isEqualTo("50%");
    assertThat(Figures.percent(0.29)).isEqualTo("29%");
    assertThat(Figures.percent(239.0 / 240)).isEqualTo("99%");
  }
}
