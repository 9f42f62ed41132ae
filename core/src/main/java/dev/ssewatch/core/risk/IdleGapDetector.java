package dev.ssewatch.core.risk;

/**
 * A silence on the wire approaching the idle timeout of an intermediary, which would close the
 * stream without notice. Levels only rise within a stream: each fires at most once, and a warning
 * never follows a critical alert, so a stream with a steady long gap does not repeat itself.
 */
public final class IdleGapDetector {

  /** No gap alert fired yet. */
  public static final int LEVEL_NONE = 0;

  /** {@code gap_warning} fired. */
  public static final int LEVEL_WARNING = 1;

  /** {@code gap_critical} fired. */
  public static final int LEVEL_CRITICAL = 2;

  private IdleGapDetector() {}

  /**
   * @param gapNanos the silence: still going ({@code ongoing}) or just ended by new bytes
   * @param levelFired the highest level fired so far for this stream
   * @return an alert above {@code levelFired}, or {@code null}; its severity is the new level
   */
  public static Alert check(long gapNanos, boolean ongoing, int levelFired, RiskSettings s) {
    if (levelFired < LEVEL_CRITICAL && gapNanos >= s.idleCriticalNanos()) {
      return alert("gap_critical", Severity.CRITICAL, gapNanos, ongoing, s);
    }
    if (levelFired < LEVEL_WARNING && gapNanos >= s.idleWarnNanos()) {
      return alert("gap_warning", Severity.WARNING, gapNanos, ongoing, s);
    }
    return null;
  }

  /** The level an alert from {@link #check} stands for. */
  public static int levelOf(Alert alert) {
    return alert.severity() == Severity.CRITICAL ? LEVEL_CRITICAL : LEVEL_WARNING;
  }

  private static Alert alert(
      String rule, Severity severity, long gapNanos, boolean ongoing, RiskSettings s) {
    return new Alert(
        AlertKind.IDLE_TIMEOUT_RISK,
        rule,
        severity,
        (ongoing ? "no bytes on the wire for " : "a silence of ")
            + Figures.duration(gapNanos)
            + (ongoing ? " so far, " : " on the wire, ")
            + Figures.percent((double) gapNanos / s.idleBudgetNanos())
            + " of the idle "
            + Figures.budget(s),
        "Send a heartbeat (an SSE comment line such as ':ping') at least every "
            + Figures.duration(s.idleWarnNanos())
            + " so intermediaries keep the connection open.");
  }
}
