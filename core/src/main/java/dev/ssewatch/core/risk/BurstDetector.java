package dev.ssewatch.core.risk;

/**
 * Many events released at once after a silence: the signature of a buffer (in the application, a
 * compression filter or an intermediary) that held them back and let go of a batch. A live stream
 * delivers events about when they are written, so they rarely pile up into one chunk.
 */
public final class BurstDetector {

  private BurstDetector() {}

  /**
   * Called per chunk, so it allocates only when it fires.
   *
   * @param eventsInChunk events the chunk completed
   * @param silenceNanos time between the previous response bytes (or the headers) and this chunk
   * @return the alert, or {@code null}
   */
  public static Alert check(int eventsInChunk, long silenceNanos, RiskSettings s) {
    if (eventsInChunk < s.burstEvents() || silenceNanos < s.burstSilenceNanos()) {
      return null;
    }
    return new Alert(
        AlertKind.BUFFERING,
        "burst",
        Severity.WARNING,
        eventsInChunk
            + " events arrived in one chunk after "
            + Figures.duration(silenceNanos)
            + " of silence (threshold "
            + s.burstEvents()
            + " events after "
            + Figures.duration(s.burstSilenceNanos())
            + ")",
        "Flush after each event and turn off response buffering and compression for"
            + " text/event-stream on the server and every proxy in between.");
  }
}
