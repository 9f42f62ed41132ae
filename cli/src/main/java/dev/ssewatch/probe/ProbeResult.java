package dev.ssewatch.probe;

import dev.ssewatch.core.http.Header;
import java.util.List;

/**
 * What one probe measured; times are nanoseconds from sending the request, -1 when not reached.
 *
 * @param url the URL, secrets redacted
 * @param requestHeaders the request headers sent, secrets redacted
 * @param status the response status, or -1 without a response
 * @param responseHeaders the response headers as received
 * @param timeToHeadersNanos until the response headers
 * @param timeToFirstEventNanos until the first complete event
 * @param events complete events, -1 when not counted (a compressed body is not decoded)
 * @param comments comment lines (heartbeats), -1 when not counted
 * @param bytes response body bytes
 * @param chunks body reads, each a moment bytes arrived
 * @param gapP50Nanos median time between consecutive events, -1 with fewer than two
 * @param gapMaxNanos longest time between consecutive events, -1 with fewer than two
 * @param longestSilenceNanos longest time without body bytes (from the headers), comments count
 * @param silenceOngoing whether the longest silence was still going when the probe stopped
 * @param burstEvents the most events one chunk released after a silence of at least the burst
 *     threshold, 0 when none
 * @param burstSilenceNanos the silence before that chunk
 * @param firstEventToEndNanos from the first event to the end of the stream, -1 without events
 * @param end how the probe ended
 * @param error what went wrong, for {@link End#FAILED}; otherwise {@code null}
 * @param durationNanos from sending the request to the end of the probe
 */
public record ProbeResult(
    String url,
    List<Header> requestHeaders,
    int status,
    List<Header> responseHeaders,
    long timeToHeadersNanos,
    long timeToFirstEventNanos,
    long events,
    long comments,
    long bytes,
    long chunks,
    long gapP50Nanos,
    long gapMaxNanos,
    long longestSilenceNanos,
    boolean silenceOngoing,
    int burstEvents,
    long burstSilenceNanos,
    long firstEventToEndNanos,
    End end,
    String error,
    long durationNanos) {

  /** How a probe ended. */
  public enum End {
    /** The server ended the response. */
    SERVER_CLOSED("server closed the stream"),
    /** The probe listened for its whole duration and disconnected. */
    DURATION_REACHED("probe duration reached"),
    /** No response headers within the duration. */
    NO_HEADERS("no response headers within the duration"),
    /** The connection failed or broke. */
    FAILED("connection failed");

    private final String description;

    End(String description) {
      this.description = description;
    }

    public String description() {
      return description;
    }
  }
}
