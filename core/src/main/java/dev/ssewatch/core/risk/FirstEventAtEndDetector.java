package dev.ssewatch.core.risk;

/**
 * Every event of a stream arrived together with its end: something held the whole response back.
 * Checked once, when the stream ends.
 */
public final class FirstEventAtEndDetector {

  /**
   * How close to the end the first event must come. Small: a stream released by a buffer at
   * completion arrives within a few reads of its end.
   */
  public static final long END_WINDOW_NANOS = 100_000_000L;

  private FirstEventAtEndDetector() {}

  /**
   * @param events events in the stream; a single event is not enough, because one result sent after
   *     a long computation is a legitimate stream
   * @param durationNanos request start to stream end
   * @param firstEventToEndNanos the first event's arrival to the stream end, or -1 without events
   * @return the alert, or {@code null}
   */
  public static Alert check(
      long events, long durationNanos, long firstEventToEndNanos, RiskSettings s) {
    if (events < 2
        || firstEventToEndNanos < 0
        || firstEventToEndNanos > END_WINDOW_NANOS
        || durationNanos <= s.burstSilenceNanos()) {
      return null;
    }
    return new Alert(
        AlertKind.BUFFERING,
        "first_event_at_end",
        Severity.CRITICAL,
        "all "
            + events
            + " events arrived within "
            + Figures.duration(firstEventToEndNanos)
            + " of the stream's end, "
            + Figures.duration(durationNanos)
            + " after the request started",
        "Something buffers the whole response: flush after each event and disable response"
            + " buffering (e.g. buffer-response=\"false\" in API Management) and compression.");
  }
}
