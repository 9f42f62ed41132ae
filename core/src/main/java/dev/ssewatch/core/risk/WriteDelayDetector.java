package dev.ssewatch.core.risk;

/**
 * Bytes the application (agent) or backend (proxy) wrote took too long to reach the client socket:
 * a buffer between the write and the wire holds events back.
 */
public final class WriteDelayDetector {

  private WriteDelayDetector() {}

  /**
   * @param delayNanos how long the oldest bytes waited (or have been waiting) for the wire
   * @param stillWaiting whether they still have not reached it
   * @return the alert, or {@code null}
   */
  public static Alert check(long delayNanos, boolean stillWaiting, RiskSettings s) {
    if (delayNanos <= s.writeDelayNanos()) {
      return null;
    }
    String what =
        stillWaiting
            ? "bytes written " + Figures.duration(delayNanos) + " ago have not reached the socket"
            : "bytes took " + Figures.duration(delayNanos) + " from write to socket";
    return new Alert(
        AlertKind.BUFFERING,
        "write_delay",
        Severity.WARNING,
        what + " (threshold " + Figures.duration(s.writeDelayNanos()) + ")",
        "Flush after each event and disable response buffering or compression for"
            + " text/event-stream.");
  }
}
