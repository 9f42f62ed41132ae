package dev.ssewatch.core.risk;

import dev.ssewatch.core.telemetry.CloseReason;

/**
 * A stream that broke off after a silence close to the idle budget was most likely closed by the
 * intermediary whose timeout the budget describes. Checked once, when the stream ends.
 */
public final class IdleKillDetector {

  /**
   * Share of the budget the final silence must reach: timeouts are enforced with some slack, so a
   * kill shows up within about ten percent of the configured value.
   */
  public static final double KILL_FRACTION = 0.9;

  private IdleKillDetector() {}

  /**
   * @param finalGapNanos the silence between the last bytes on the wire and the end
   * @return the alert, or {@code null}
   */
  public static Alert check(CloseReason reason, long finalGapNanos, RiskSettings s) {
    if (reason == null || reason == CloseReason.COMPLETED) {
      return null;
    }
    if (finalGapNanos < (long) (s.idleBudgetNanos() * KILL_FRACTION)) {
      return null;
    }
    return new Alert(
        AlertKind.LIKELY_IDLE_KILL,
        "likely_idle_kill",
        Severity.CRITICAL,
        "stream ended with "
            + reason.wireName()
            + " after "
            + Figures.duration(finalGapNanos)
            + " of silence, "
            + Figures.percent((double) finalGapNanos / s.idleBudgetNanos())
            + " of the idle "
            + Figures.budget(s),
        "Send heartbeats (SSE comments) more often than every "
            + Figures.duration(s.idleWarnNanos())
            + ", or enable TCP keepalive below the idle budget.");
  }
}
