package dev.ssewatch.core.risk;

/**
 * A long-lived stream whose server never sends comment lines relies on events alone to keep
 * intermediaries from timing out; the first quiet spell longer than expected shows it has no
 * heartbeat.
 */
public final class NoHeartbeatsDetector {

  private NoHeartbeatsDetector() {}

  /**
   * @param comments comment lines the server sent so far
   * @param silenceNanos a silence between the server's bytes (ended or ongoing); heartbeats a proxy
   *     injects do not count, since the server would be without them in production
   * @param ageNanos how long the stream has been open
   * @return the alert, or {@code null}
   */
  public static Alert check(long comments, long silenceNanos, long ageNanos, RiskSettings s) {
    if (comments > 0 || silenceNanos < s.heartbeatExpectedWithinNanos()) {
      return null;
    }
    return new Alert(
        AlertKind.NO_HEARTBEATS,
        "no_heartbeats",
        Severity.WARNING,
        "no comment line in "
            + Figures.duration(ageNanos)
            + " of stream, with a silence of "
            + Figures.duration(silenceNanos)
            + " (expected a heartbeat within "
            + Figures.duration(s.heartbeatExpectedWithinNanos())
            + ")",
        "Send an SSE comment line (such as ':ping') whenever the stream has been quiet for "
            + Figures.duration(s.heartbeatExpectedWithinNanos())
            + ".");
  }
}
