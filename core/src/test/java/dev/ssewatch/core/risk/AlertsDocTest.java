package dev.ssewatch.core.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.telemetry.CloseReason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Keeps docs/alerts.md and the detectors from drifting apart. */
class AlertsDocTest {

  private static final long S = 1_000_000_000L;

  /** One alert of every rule, made with the default thresholds. */
  static List<Alert> oneOfEachRule() {
    RiskSettings s = RiskSettings.defaults();
    List<Header> sseRequest = List.of(new Header("Accept", "text/event-stream"));
    List<Alert> all = new ArrayList<>();
    all.addAll(
        HeaderRiskDetector.detect(
            200,
            sseRequest,
            List.of(
                new Header("Content-Type", "text/event-stream"),
                new Header("Content-Length", "10"),
                new Header("Content-Encoding", "gzip"),
                new Header("X-Accel-Buffering", "yes")),
            0));
    all.addAll(
        HeaderRiskDetector.detect(
            200, sseRequest, List.of(new Header("Content-Type", "text/plain")), 0));
    all.add(BurstDetector.check(12, 3 * S, s));
    all.add(FirstEventAtEndDetector.check(40, 8 * S, S / 100, s));
    all.add(WriteDelayDetector.check(S, false, s));
    all.add(IdleGapDetector.check(130 * S, true, IdleGapDetector.LEVEL_NONE, s));
    all.add(IdleGapDetector.check(230 * S, true, IdleGapDetector.LEVEL_WARNING, s));
    all.add(IdleKillDetector.check(CloseReason.UPSTREAM_ABORT, 239 * S, s));
    all.add(NoHeartbeatsDetector.check(0, 61 * S, 75 * S, s));
    return all;
  }

  @Test
  void everyRuleHasARowWithItsKindSeverityAndAdvice() throws IOException {
    String doc = doc();
    List<Alert> alerts = oneOfEachRule();

    assertThat(alerts).extracting(Alert::rule).doesNotHaveDuplicates().hasSize(12);
    for (Alert a : alerts) {
      String row = row(doc, "| `" + a.rule() + "` | `" + a.kind().wireName() + "` | ");
      String severityCell = row.split(" \\| ")[2];
      assertThat(severityCell).as(a.rule()).contains(a.severity().wireName());
      assertThat(doc).as(a.rule()).contains("| `" + a.rule() + "` | " + a.advice() + " |");
    }
  }

  @Test
  void everyRuleIsGradedWithItsReasonsAndEverySeverityIsDefined() throws IOException {
    String doc = doc();
    String severities =
        doc.substring(doc.indexOf("## Severities"), doc.indexOf("## Configuration"));
    for (Severity s : Severity.values()) {
      assertThat(severities).contains("- **`" + s.wireName() + "`**");
    }
    for (Alert a : oneOfEachRule()) {
      String row = row(severities, "| `" + a.rule() + "` | ");
      assertThat(row).as(a.rule()).contains(a.severity().wireName());
    }
  }

  @Test
  void groupingIsDocumentedWithItsSettingsAndTheAlertsNeverHeldBack() throws IOException {
    String doc = doc();
    String grouping = doc.substring(doc.indexOf("## Grouping"), doc.indexOf("## Severities"));
    assertThat(grouping)
        .contains(
            "`ssewatch.alerts.group-window`", "`ssewatch.alerts.max-causes`", "`alert_summary`");
    List<Alert> all = oneOfEachRule();
    for (Alert a : all) {
      if (ImminentCut.isImminent(a)) {
        assertThat(grouping).as(a.rule()).contains("`" + a.rule() + "`");
      }
    }
    assertThat(all)
        .filteredOn(ImminentCut::isImminent)
        .extracting(Alert::rule)
        .containsExactly("gap_critical");
  }

  /** The first line of {@code text} that starts with {@code start}, or null. */
  private static String row(String text, String start) {
    return text.lines().filter(l -> l.startsWith(start)).findFirst().orElse(null);
  }

  @Test
  void everyKindIsNamed() throws IOException {
    String doc = doc();
    for (AlertKind k : AlertKind.values()) {
      assertThat(doc).contains("`" + k.wireName() + "`");
    }
  }

  @Test
  void everyPresetIsListedWithItsBudget() throws IOException {
    String doc = doc();
    for (IdlePreset p : IdlePreset.values()) {
      assertThat(doc)
          .as(p.configName())
          .containsPattern(
              "\\| `"
                  + p.configName()
                  + "`( \\(default\\))? \\| "
                  + p.budget().toSeconds()
                  + "s \\|");
    }
  }

  @Test
  void everyKeyIsListedWithItsDefault() throws IOException {
    String doc = doc();
    assertThat(doc)
        .contains(
            "| `" + RiskSettings.IDLE_PRESET + "` | `" + RiskSettings.DEFAULT_PRESET.configName())
        .contains("| `" + RiskSettings.IDLE_BUDGET + "` | 240s")
        .contains("| `" + RiskSettings.WARN_FRACTION + "` | " + RiskSettings.DEFAULT_WARN_FRACTION)
        .contains(
            "| `"
                + RiskSettings.CRITICAL_FRACTION
                + "` | "
                + RiskSettings.DEFAULT_CRITICAL_FRACTION)
        .contains(
            "| `"
                + RiskSettings.HEARTBEAT_EXPECTED_WITHIN
                + "` | "
                + RiskSettings.DEFAULT_HEARTBEAT_EXPECTED_WITHIN.toSeconds()
                + "s")
        .contains(
            "| `"
                + RiskSettings.WRITE_DELAY
                + "` | "
                + RiskSettings.DEFAULT_WRITE_DELAY.toMillis()
                + "ms")
        .contains("| `" + RiskSettings.BURST_EVENTS + "` | " + RiskSettings.DEFAULT_BURST_EVENTS)
        .contains(
            "| `"
                + RiskSettings.BURST_SILENCE
                + "` | "
                + RiskSettings.DEFAULT_BURST_SILENCE.toSeconds()
                + "s");
  }

  @Test
  void theFixedWindowsAreTheDocumentedOnes() throws IOException {
    String doc = doc().toLowerCase(Locale.ROOT);

    assertThat(FirstEventAtEndDetector.END_WINDOW_NANOS).isEqualTo(100_000_000L);
    assertThat(doc).contains("within 100 ms of the stream's end");
    assertThat(IdleKillDetector.KILL_FRACTION).isEqualTo(0.9);
    assertThat(doc).contains("90 % of the idle budget");
  }

  private static String doc() throws IOException {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("docs/alerts.md");
      if (Files.exists(candidate)) {
        return Files.readString(candidate, StandardCharsets.UTF_8);
      }
    }
    throw new AssertionError("docs/alerts.md not found above " + Path.of("").toAbsolutePath());
  }
}
