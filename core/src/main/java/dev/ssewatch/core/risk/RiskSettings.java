package dev.ssewatch.core.risk;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.config.SettingsException;
import java.time.Duration;

/**
 * The detectors' thresholds, read and validated once per recorder factory. Durations are kept in
 * nanoseconds because the detectors compare them with {@code nanoTime} differences on hot paths.
 * Every key and default is listed in docs/alerts.md.
 *
 * @param idleBudgetNanos the idle timeout of the tightest intermediary in front of the streams
 * @param idleBudgetSource where the budget came from, for evidence: a preset name or {@code
 *     ssewatch.idle.budget}
 * @param warnFraction share of the budget a silence must reach for {@code gap_warning}
 * @param criticalFraction share of the budget a silence must reach for {@code gap_critical}
 * @param heartbeatExpectedWithinNanos longest silence tolerated from a server that never sends
 *     comments, before {@code no_heartbeats}
 * @param writeDelayNanos longest tolerated wait between a write and its bytes reaching the socket
 * @param burstEvents events released by one chunk that make a burst
 * @param burstSilenceNanos silence that must precede those events for a burst
 */
public record RiskSettings(
    long idleBudgetNanos,
    String idleBudgetSource,
    double warnFraction,
    double criticalFraction,
    long heartbeatExpectedWithinNanos,
    long writeDelayNanos,
    int burstEvents,
    long burstSilenceNanos) {

  public static final String IDLE_BUDGET = "ssewatch.idle.budget";
  public static final String IDLE_PRESET = "ssewatch.idle.preset";
  public static final String WARN_FRACTION = "ssewatch.idle.warn-fraction";
  public static final String CRITICAL_FRACTION = "ssewatch.idle.critical-fraction";
  public static final String HEARTBEAT_EXPECTED_WITHIN = "ssewatch.heartbeat.expected-within";
  public static final String WRITE_DELAY = "ssewatch.buffering.write-delay";
  public static final String BURST_EVENTS = "ssewatch.buffering.burst-events";
  public static final String BURST_SILENCE = "ssewatch.buffering.burst-silence";

  /** Without budget or preset, streams are assumed to pass an Azure Load Balancer. */
  public static final IdlePreset DEFAULT_PRESET = IdlePreset.AZURE_LB;

  public static final double DEFAULT_WARN_FRACTION = 0.5;
  public static final double DEFAULT_CRITICAL_FRACTION = 0.9;
  public static final Duration DEFAULT_HEARTBEAT_EXPECTED_WITHIN = Duration.ofSeconds(60);
  public static final Duration DEFAULT_WRITE_DELAY = Duration.ofMillis(250);
  public static final int DEFAULT_BURST_EVENTS = 5;
  public static final Duration DEFAULT_BURST_SILENCE = Duration.ofSeconds(1);

  public RiskSettings {
    if (idleBudgetNanos <= 0) {
      throw new SettingsException(IDLE_BUDGET, "must be longer than 0");
    }
    if (!(warnFraction > 0 && warnFraction < 1)) {
      throw new SettingsException(WARN_FRACTION, "expected a number above 0 and below 1");
    }
    if (!(criticalFraction > 0 && criticalFraction <= 1)) {
      throw new SettingsException(CRITICAL_FRACTION, "expected a number above 0, at most 1");
    }
    if (criticalFraction <= warnFraction) {
      throw new SettingsException(
          CRITICAL_FRACTION,
          "must be above " + WARN_FRACTION + " (" + criticalFraction + " <= " + warnFraction + ")");
    }
    if (heartbeatExpectedWithinNanos <= 0) {
      throw new SettingsException(HEARTBEAT_EXPECTED_WITHIN, "must be longer than 0");
    }
    if (writeDelayNanos <= 0) {
      throw new SettingsException(WRITE_DELAY, "must be longer than 0");
    }
    if (burstEvents < 2) {
      throw new SettingsException(BURST_EVENTS, "expected 2 or more");
    }
    if (burstSilenceNanos <= 0) {
      throw new SettingsException(BURST_SILENCE, "must be longer than 0");
    }
  }

  /** The defaults of docs/alerts.md. */
  public static RiskSettings defaults() {
    return from(Settings.of(java.util.Map.of()));
  }

  /** Reads and validates the thresholds; a bad value throws naming its key. */
  public static RiskSettings from(Settings settings) {
    String presetName = settings.get(IDLE_PRESET, DEFAULT_PRESET.configName());
    IdlePreset preset = IdlePreset.byName(presetName);
    if (preset == null) {
      throw new SettingsException(
          IDLE_PRESET, "expected one of " + IdlePreset.names() + ", got '" + presetName + "'");
    }
    Duration budget = settings.duration(IDLE_BUDGET, null);
    String source = preset.configName();
    if (budget == null) {
      budget = preset.budget();
    } else {
      // An explicit budget wins over the preset: the user measured their own intermediary.
      source = IDLE_BUDGET;
    }
    return new RiskSettings(
        budget.toNanos(),
        source,
        settings.doubleValue(WARN_FRACTION, DEFAULT_WARN_FRACTION, 0, 1),
        settings.doubleValue(CRITICAL_FRACTION, DEFAULT_CRITICAL_FRACTION, 0, 1),
        settings.duration(HEARTBEAT_EXPECTED_WITHIN, DEFAULT_HEARTBEAT_EXPECTED_WITHIN).toNanos(),
        settings.duration(WRITE_DELAY, DEFAULT_WRITE_DELAY).toNanos(),
        settings.intValue(BURST_EVENTS, DEFAULT_BURST_EVENTS, 2, 1_000_000),
        settings.duration(BURST_SILENCE, DEFAULT_BURST_SILENCE).toNanos());
  }

  /**
   * These thresholds with a budget the user gave ({@code source} names where), and heartbeats due
   * no later than that budget's warning, so that a tight budget does not wait for the default.
   */
  public RiskSettings withIdleBudget(long budgetNanos, String source) {
    long warn = (long) (budgetNanos * warnFraction);
    return new RiskSettings(
        budgetNanos,
        source,
        warnFraction,
        criticalFraction,
        Math.max(1, Math.min(heartbeatExpectedWithinNanos, warn)),
        writeDelayNanos,
        burstEvents,
        burstSilenceNanos);
  }

  /** The silence that raises {@code gap_warning}. */
  public long idleWarnNanos() {
    return (long) (idleBudgetNanos * warnFraction);
  }

  /** The silence that raises {@code gap_critical}. */
  public long idleCriticalNanos() {
    return (long) (idleBudgetNanos * criticalFraction);
  }
}
