package dev.ssewatch.core.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.core.risk.Alert;
import dev.ssewatch.core.risk.IdleGapDetector;
import dev.ssewatch.core.risk.RiskSettings;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetectorChecksTest {

  private static final long S = 1_000_000_000L;

  // A 100 s idle budget: warning from 50 s, critical from 90 s; heartbeats expected within 60 s,
  // write delay above 250 ms, a burst is 5 events after 1 s of silence.
  private static final RiskSettings RISK =
      new RiskSettings(100 * S, "test", 0.5, 0.9, 60 * S, 250_000_000L, 5, S);

  /** The recorder as the checks see it: flags and the alerts raised, in order. */
  private static final class Stream implements DetectorChecks.Checked {
    int flags;
    final List<String> rules = new ArrayList<>();
    final List<Integer> flagsAtAlert = new ArrayList<>();

    @Override
    public int flags() {
      return flags;
    }

    @Override
    public void setFlags(int flags) {
      this.flags = flags;
    }

    @Override
    public void alert(Alert alert, long nanoTime) {
      rules.add(alert.rule());
      flagsAtAlert.add(flags);
    }
  }

  @Test
  void idleLevelsOnlyRiseAndEachFiresOnce() {
    // gap seen, in seconds -> rules fired so far
    Object[][] cases = {
      {49L, List.of()},
      {50L, List.of("gap_warning")},
      {70L, List.of("gap_warning")},
      {90L, List.of("gap_warning", "gap_critical")},
      {50L, List.of("gap_warning", "gap_critical")},
      {500L, List.of("gap_warning", "gap_critical")},
    };
    Stream s = new Stream();
    for (Object[] c : cases) {
      DetectorChecks.idle((Long) c[0] * S, false, 0, RISK, s);
      assertThat(s.rules).as("after a gap of %d s", c[0]).isEqualTo(c[1]);
    }
    assertThat(StreamFlags.idleLevel(s.flags)).isEqualTo(IdleGapDetector.LEVEL_CRITICAL);
  }

  @Test
  void aCriticalGapFirstMeansNoWarningLater() {
    Stream s = new Stream();
    DetectorChecks.idle(95 * S, true, 0, RISK, s);
    DetectorChecks.idle(60 * S, false, 0, RISK, s);
    assertThat(s.rules).containsExactly("gap_critical");
  }

  @Test
  void eachOnceOnlyDetectorFiresOnceAndSetsOnlyItsOwnBit() {
    Stream s = new Stream();
    for (int i = 0; i < 3; i++) {
      DetectorChecks.heartbeats(0, 61 * S, 120 * S, 0, RISK, s);
      DetectorChecks.writeDelay(300_000_000L, true, 0, RISK, s);
      DetectorChecks.burst(5, 2 * S, null, 0, RISK, s);
    }
    assertThat(s.rules).containsExactly("no_heartbeats", "write_delay", "burst");
    assertThat(s.flags)
        .isEqualTo(
            StreamFlags.NO_HEARTBEATS_FIRED
                | StreamFlags.WRITE_DELAY_FIRED
                | StreamFlags.BURST_FIRED);
  }

  @Test
  void theBitIsSetBeforeTheAlertGoesOut() {
    // A sink that calls back into the recorder while an alert goes out must find it fired.
    Stream s = new Stream();
    DetectorChecks.writeDelay(300_000_000L, false, 0, RISK, s);
    DetectorChecks.idle(50 * S, false, 0, RISK, s);
    assertThat(s.flagsAtAlert.get(0) & StreamFlags.WRITE_DELAY_FIRED).isNotZero();
    assertThat(StreamFlags.idleLevel(s.flagsAtAlert.get(1)))
        .isEqualTo(IdleGapDetector.LEVEL_WARNING);
  }

  @Test
  void belowTheirThresholdsNothingFires() {
    // {comments, silence s} for heartbeats; {delay ms} for write delay; {events, silence s} burst
    Stream s = new Stream();
    DetectorChecks.heartbeats(1, 500 * S, 500 * S, 0, RISK, s);
    DetectorChecks.heartbeats(0, 59 * S, 500 * S, 0, RISK, s);
    DetectorChecks.writeDelay(250_000_000L, true, 0, RISK, s);
    DetectorChecks.burst(0, 10 * S, null, 0, RISK, s);
    DetectorChecks.burst(4, 10 * S, null, 0, RISK, s);
    DetectorChecks.burst(50, S - 1, null, 0, RISK, s);
    assertThat(s.rules).isEmpty();
    assertThat(s.flags).isZero();
  }

  @Test
  void flagBitsAreDistinctAndLeaveRoomForTheIdleLevel() {
    int[] bits = {
      StreamFlags.HEADERS_SEEN,
      StreamFlags.ENDED,
      StreamFlags.EVENT_STREAM,
      StreamFlags.PARSER_BROKEN,
      StreamFlags.BURST_FIRED,
      StreamFlags.WRITE_DELAY_FIRED,
      StreamFlags.NO_HEARTBEATS_FIRED
    };
    int all = 0;
    for (int b : bits) {
      assertThat(Integer.bitCount(b)).isEqualTo(1);
      assertThat(all & b).isZero();
      all |= b;
    }
    for (int level = 0; level <= IdleGapDetector.LEVEL_CRITICAL; level++) {
      int f = StreamFlags.withIdleLevel(all, level);
      assertThat(StreamFlags.idleLevel(f)).isEqualTo(level);
      assertThat(f & all).isEqualTo(all);
    }
  }
}
