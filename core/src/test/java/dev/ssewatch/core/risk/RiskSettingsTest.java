package dev.ssewatch.core.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.config.SettingsException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RiskSettingsTest {

  @Test
  void defaultsMatchTheDocumentedValues() {
    RiskSettings s = RiskSettings.defaults();

    assertThat(s.idleBudgetNanos()).isEqualTo(Duration.ofSeconds(240).toNanos());
    assertThat(s.idleBudgetSource()).isEqualTo("azure-lb");
    assertThat(s.warnFraction()).isEqualTo(0.5);
    assertThat(s.criticalFraction()).isEqualTo(0.9);
    assertThat(s.heartbeatExpectedWithinNanos()).isEqualTo(Duration.ofSeconds(60).toNanos());
    assertThat(s.writeDelayNanos()).isEqualTo(Duration.ofMillis(250).toNanos());
    assertThat(s.burstEvents()).isEqualTo(5);
    assertThat(s.burstSilenceNanos()).isEqualTo(Duration.ofSeconds(1).toNanos());
    assertThat(s.idleWarnNanos()).isEqualTo(Duration.ofSeconds(120).toNanos());
    assertThat(s.idleCriticalNanos()).isEqualTo(Duration.ofSeconds(216).toNanos());
  }

  @ParameterizedTest
  @CsvSource({"azure-lb, 240", "nginx, 60", "aws-alb, 60", "cloudflare, 100", "NGINX, 60"})
  void presetsSetTheBudget(String preset, long seconds) {
    RiskSettings s = RiskSettings.from(Settings.of(Map.of("ssewatch.idle.preset", preset)));

    assertThat(s.idleBudgetNanos()).isEqualTo(Duration.ofSeconds(seconds).toNanos());
    assertThat(s.idleBudgetSource()).isEqualTo(preset.toLowerCase(java.util.Locale.ROOT));
  }

  @Test
  void anExplicitBudgetWinsOverThePreset() {
    RiskSettings s =
        RiskSettings.from(
            Settings.of(Map.of("ssewatch.idle.preset", "nginx", "ssewatch.idle.budget", "30s")));

    assertThat(s.idleBudgetNanos()).isEqualTo(Duration.ofSeconds(30).toNanos());
    assertThat(s.idleBudgetSource()).isEqualTo("ssewatch.idle.budget");
  }

  @ParameterizedTest
  @CsvSource({
    "ssewatch.idle.preset, haproxy",
    "ssewatch.idle.budget, 0",
    "ssewatch.idle.budget, soon",
    "ssewatch.idle.warn-fraction, 0",
    "ssewatch.idle.warn-fraction, 1.5",
    "ssewatch.idle.critical-fraction, 0.4",
    "ssewatch.heartbeat.expected-within, 0",
    "ssewatch.buffering.write-delay, 0ms",
    "ssewatch.buffering.burst-events, 1",
    "ssewatch.buffering.burst-silence, 0",
  })
  void aBadValueNamesItsKey(String key, String value) {
    assertThatThrownBy(() -> RiskSettings.from(Settings.of(Map.of(key, value))))
        .isInstanceOfSatisfying(SettingsException.class, e -> assertThat(e.key()).isEqualTo(key));
  }

  @Test
  void criticalMustBeAboveWarning() {
    Settings s =
        Settings.of(
            Map.of("ssewatch.idle.warn-fraction", "0.8", "ssewatch.idle.critical-fraction", "0.8"));

    assertThatThrownBy(() -> RiskSettings.from(s))
        .isInstanceOfSatisfying(
            SettingsException.class,
            e -> assertThat(e.key()).isEqualTo("ssewatch.idle.critical-fraction"));
  }

  @ParameterizedTest
  @CsvSource({
    // A budget whose warning comes before the default heartbeat: heartbeats are due by then.
    "30, 15",
    // A long budget keeps the default heartbeat.
    "600, 60"
  })
  void aGivenBudgetKeepsTheOtherThresholdsAndDueHeartbeatsByItsWarning(
      long budgetSeconds, long heartbeatSeconds) {
    RiskSettings d = RiskSettings.defaults();
    RiskSettings s = d.withIdleBudget(Duration.ofSeconds(budgetSeconds).toNanos(), "--idle-budget");

    assertThat(s.idleBudgetNanos()).isEqualTo(Duration.ofSeconds(budgetSeconds).toNanos());
    assertThat(s.idleBudgetSource()).isEqualTo("--idle-budget");
    assertThat(s.heartbeatExpectedWithinNanos())
        .isEqualTo(Duration.ofSeconds(heartbeatSeconds).toNanos());
    assertThat(s)
        .usingRecursiveComparison()
        .ignoringFields("idleBudgetNanos", "idleBudgetSource", "heartbeatExpectedWithinNanos")
        .isEqualTo(d);
  }
}
