package dev.ssewatch.core.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssewatch.core.risk.Alert;
import dev.ssewatch.core.risk.AlertKind;
import dev.ssewatch.core.risk.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Grouping decided on explicit clock readings: no thread, no waiting. */
class AlertGrouperTest {

  private static final long S = 1_000_000_000L;
  private static final long T0 = 1_000_000 * S;
  private static final long MILLIS0 = 1_795_000_000_000L;
  private static final Duration WINDOW = Duration.ofMinutes(5);
  private static final long W = WINDOW.toNanos();

  private final List<TelemetryRecord> out = new ArrayList<>();

  private static Alert alert(String rule, Severity severity) {
    return new Alert(AlertKind.BUFFERING, rule, severity, "evidence of " + rule, "advice");
  }

  private static AlertRecord record(String stream, long at, Alert a, String route) {
    return new AlertRecord(
        stream, MILLIS0 + (at - T0) / 1_000_000, a, StreamSource.PROXY, route, 0, 0, 0);
  }

  private static AlertRecord cache(String stream, long at) {
    return record(stream, at, alert("cache_control", Severity.INFO), "/chat");
  }

  private boolean admit(AlertGrouper g, AlertRecord r, long at) {
    return g.admit(r, at, out, MILLIS0 + (at - T0) / 1_000_000);
  }

  private void closeDue(AlertGrouper g, long at) {
    g.closeDue(at, out, MILLIS0 + (at - T0) / 1_000_000);
  }

  private List<AlertSummary> summaries() {
    return out.stream()
        .filter(AlertSummary.class::isInstance)
        .map(AlertSummary.class::cast)
        .toList();
  }

  @Test
  void theFirstAlertOfACauseGoesOutAtOnceAndItsRepeatsAreCountedIntoOneSummary() {
    AlertGrouper g = new AlertGrouper(WINDOW, 100);

    assertThat(admit(g, cache("s-1", T0), T0)).isTrue();
    for (int i = 2; i <= 1_000; i++) {
      long t = T0 + i * (W / 1_001);
      assertThat(admit(g, cache("s-" + i, t), t)).as("repeat %d", i).isFalse();
    }
    closeDue(g, T0 + W - 1);
    assertThat(out).as("nothing before the window ends").isEmpty();

    closeDue(g, T0 + W);

    assertThat(summaries()).hasSize(1);
    AlertSummary s = summaries().get(0);
    assertThat(s.count()).isEqualTo(999);
    assertThat(s.firstStreamId()).isEqualTo("s-2");
    assertThat(s.lastStreamId()).isEqualTo("s-1000");
    assertThat(s.firstMillis()).isEqualTo(MILLIS0 + 2 * (W / 1_001) / 1_000_000);
    assertThat(s.lastMillis()).isEqualTo(MILLIS0 + 1_000 * (W / 1_001) / 1_000_000);
    assertThat(s.windowNanos()).isEqualTo(W);
    assertThat(s.timestampMillis()).isEqualTo(MILLIS0 + W / 1_000_000);
    assertThat(s.source()).isEqualTo(StreamSource.PROXY);
    assertThat(s.route()).isEqualTo("/chat");
    assertThat(s.alert().rule()).isEqualTo("cache_control");
    assertThat(s.alert().severity()).isEqualTo(Severity.INFO);
    assertThat(s.streamId()).isNull();
    assertThat(s.recordType()).isEqualTo("alert_summary");
    assertThat(g.held()).isEqualTo(999);
    assertThat(g.summarised()).isEqualTo(1);
  }

  @Test
  void aCauseThatGoesOnGetsOneSummaryPerWindowAndTheCountsAddUpExactly() {
    AlertGrouper g = new AlertGrouper(WINDOW, 100);
    int exported = 0;
    int total = 0;
    // One alert every 7 s for 23 minutes: windows at 0-5, 5-10, 10-15, 15-20, then 20-23 open.
    for (long t = T0; t < T0 + 23 * 60 * S; t += 7 * S) {
      closeDue(g, t);
      total++;
      if (admit(g, cache("s-" + total, t), t)) {
        exported++;
      }
    }

    assertThat(exported).as("only the very first").isEqualTo(1);
    assertThat(summaries()).hasSize(4);
    // Closed at the first alert after the end, as the worker would at its next turn.
    assertThat(summaries()).allSatisfy(s -> assertThat(s.windowNanos()).isBetween(W, W + 7 * S));
    g.closeAll(T0 + 23 * 60 * S, out, MILLIS0);
    assertThat(summaries()).hasSize(5);
    long counted = summaries().stream().mapToLong(AlertSummary::count).sum();
    assertThat(exported + counted).isEqualTo(total);
  }

  @Test
  void windowBoundaries_anAlertAtTheWindowsEndBelongsToTheNextWindow() {
    AlertGrouper g = new AlertGrouper(WINDOW, 100);
    admit(g, cache("s-1", T0), T0);
    assertThat(admit(g, cache("s-2", T0 + W - 1), T0 + W - 1)).isFalse();

    // The worker had not closed the window yet when this alert came: admit closes it first.
    assertThat(admit(g, cache("s-3", T0 + W), T0 + W)).isFalse();

    assertThat(summaries()).hasSize(1);
    assertThat(summaries().get(0).count()).isEqualTo(1);
    assertThat(summaries().get(0).lastStreamId()).isEqualTo("s-2");
    closeDue(g, T0 + 2 * W);
    assertThat(summaries()).hasSize(2);
    assertThat(summaries().get(1).firstStreamId()).isEqualTo("s-3");
    assertThat(summaries().get(1).count()).isEqualTo(1);
  }

  @Test
  void aCauseQuietForAWholeWindowStartsAfreshWithAnAlertThatGoesOutAtOnce() {
    AlertGrouper g = new AlertGrouper(WINDOW, 100);
    assertThat(admit(g, cache("s-1", T0), T0)).isTrue();
    closeDue(g, T0 + W);
    assertThat(out).as("a window without repeats makes no summary").isEmpty();
    assertThat(g.causes()).isZero();

    assertThat(admit(g, cache("s-2", T0 + W + S), T0 + W + S)).isTrue();
  }

  @Test
  void theIdleRiskOfAStreamAboutToBeCutIsNeverHeldBack() {
    AlertGrouper g = new AlertGrouper(WINDOW, 1);
    Alert critical =
        new Alert(AlertKind.IDLE_TIMEOUT_RISK, "gap_critical", Severity.CRITICAL, "silent", "ping");
    Alert warning =
        new Alert(AlertKind.IDLE_TIMEOUT_RISK, "gap_warning", Severity.WARNING, "silent", "ping");

    for (int i = 0; i < 50; i++) {
      long t = T0 + i * S;
      assertThat(admit(g, record("s-" + i, t, critical, "/chat"), t)).as("stream %d", i).isTrue();
    }
    assertThat(g.causes()).as("not tracked, so not taking a slot").isZero();
    assertThat(admit(g, record("w-1", T0, warning, "/chat"), T0)).isTrue();
    assertThat(admit(g, record("w-2", T0, warning, "/chat"), T0))
        .as("a mere warning is grouped")
        .isFalse();
    assertThat(g.untracked()).isZero();
  }

  @Test
  void routesSourcesRulesAndSeveritiesAreSeparateCauses() {
    AlertGrouper g = new AlertGrouper(WINDOW, 100);
    Alert info = alert("cache_control", Severity.INFO);
    Alert warning = alert("cache_control", Severity.WARNING);

    assertThat(admit(g, record("a", T0, info, "/a"), T0)).isTrue();
    assertThat(admit(g, record("b", T0, info, "/b"), T0)).isTrue();
    assertThat(admit(g, record("c", T0, warning, "/a"), T0))
        .as("a graver alert is not folded into a milder one")
        .isTrue();
    assertThat(admit(g, record("d", T0, alert("content_length", Severity.INFO), "/a"), T0))
        .isTrue();
    assertThat(admit(g, new AlertRecord("e", MILLIS0, info, StreamSource.AGENT, "/a", 0, 0, 0), T0))
        .isTrue();
    assertThat(admit(g, record("f", T0, info, "/a"), T0)).isFalse();
    assertThat(g.causes()).isEqualTo(5);
  }

  @Test
  void whenTheCapIsReachedAlertsOfNewCausesGoOutUngroupedAndAreCounted() {
    AlertGrouper g = new AlertGrouper(WINDOW, 2);
    assertThat(admit(g, record("a", T0, alert("r1", Severity.WARNING), "/"), T0)).isTrue();
    assertThat(admit(g, record("b", T0, alert("r2", Severity.WARNING), "/"), T0)).isTrue();

    for (int i = 0; i < 3; i++) {
      assertThat(admit(g, record("c" + i, T0, alert("r3", Severity.WARNING), "/"), T0))
          .as("untracked cause, every time")
          .isTrue();
    }
    assertThat(admit(g, record("d", T0, alert("r1", Severity.WARNING), "/"), T0))
        .as("tracked causes still group")
        .isFalse();
    assertThat(g.untracked()).isEqualTo(3);
    assertThat(g.causes()).isEqualTo(2);

    // r2's window counted nothing and closes; the freed slot takes r3.
    closeDue(g, T0 + W);
    assertThat(g.causes()).isEqualTo(1);
    assertThat(admit(g, record("e", T0 + W, alert("r3", Severity.WARNING), "/"), T0 + W)).isTrue();
    assertThat(admit(g, record("f", T0 + W, alert("r3", Severity.WARNING), "/"), T0 + W)).isFalse();
  }

  @Test
  void closingAllReportsWhatOpenWindowsCounted() {
    AlertGrouper g = new AlertGrouper(WINDOW, 100);
    admit(g, cache("s-1", T0), T0);
    admit(g, cache("s-2", T0 + S), T0 + S);
    admit(g, cache("s-3", T0 + 2 * S), T0 + 2 * S);
    admit(g, record("x", T0, alert("content_length", Severity.CRITICAL), "/x"), T0);

    g.closeAll(T0 + 10 * S, out, MILLIS0 + 10_000);

    assertThat(summaries())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.count()).isEqualTo(2);
              assertThat(s.windowNanos()).isEqualTo(10 * S);
              assertThat(s.timestampMillis()).isEqualTo(MILLIS0 + 10_000);
            });
    assertThat(g.hasOpenWindows()).isFalse();
  }

  @Test
  void aZeroWindowTurnsGroupingOff() {
    AlertGrouper g = new AlertGrouper(Duration.ZERO, 100);
    for (int i = 0; i < 10; i++) {
      assertThat(admit(g, cache("s-" + i, T0), T0)).isTrue();
    }
    assertThat(g.enabled()).isFalse();
    assertThat(g.causes()).isZero();
  }

  @Test
  void limitsAreValidated() {
    assertThatThrownBy(() -> new AlertGrouper(Duration.ofSeconds(-1), 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AlertGrouper(Duration.ofHours(25), 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AlertGrouper(WINDOW, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
