package dev.ssewatch.probe;

import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.sse.SseParser;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * Times one response as its body arrives, through the metadata-only parser: event data is never
 * copied or decoded, only counted. Each body read is one chunk with one arrival time, which is what
 * bursts and silences are made of. The HTTP client calls in on its own threads while the prober
 * reads the figures, hence the locking.
 */
final class ProbeRecorder implements SseParser.MetadataListener {

  /** Enough gaps for a median of a very busy 30-second stream; later gaps only move the max. */
  private static final int MAX_GAPS = 1 << 20;

  private final long startNanos;
  private final long burstSilenceNanos;
  private final int burstEventsThreshold;
  private final SseParser parser = SseParser.metadataOnly(this, "");

  private int status = -1;
  private List<Header> responseHeaders = List.of();
  private boolean parse = true;
  private long headersAt = -1;
  private long lastBytesAt = -1;
  private long chunkAt;
  private long firstEventAt = -1;
  private long lastEventAt = -1;
  private long events;
  private long comments;
  private long bytes;
  private long chunks;
  private int eventsInChunk;
  private long[] gaps = new long[64];
  private int gapCount;
  private long gapMax = -1;
  private long longestSilence;
  private boolean silenceOngoing;
  private int burstEvents;
  private long burstSilence;
  private boolean ended;
  private long endedAt = -1;

  ProbeRecorder(long startNanos, long burstSilenceNanos, int burstEventsThreshold) {
    this.startNanos = startNanos;
    this.burstSilenceNanos = burstSilenceNanos;
    this.burstEventsThreshold = burstEventsThreshold;
  }

  synchronized void onHeaders(int status, List<Header> headers, boolean encoded, long now) {
    this.status = status;
    this.responseHeaders = List.copyOf(headers);
    // A compressed body is not decoded: its bytes would parse as noise.
    this.parse = !encoded;
    headersAt = now;
    lastBytesAt = now;
  }

  synchronized boolean hasHeaders() {
    return headersAt >= 0;
  }

  synchronized void onChunk(List<ByteBuffer> buffers, long now) {
    if (ended) {
      return;
    }
    long silence = now - lastBytesAt;
    noteSilence(silence, false);
    chunkAt = now;
    eventsInChunk = 0;
    for (ByteBuffer b : buffers) {
      bytes += b.remaining();
      if (parse) {
        parser.feed(b);
      }
    }
    chunks++;
    lastBytesAt = now;
    if (eventsInChunk >= burstEventsThreshold
        && silence >= burstSilenceNanos
        && eventsInChunk > burstEvents) {
      burstEvents = eventsInChunk;
      burstSilence = silence;
    }
  }

  @Override
  public void onEvent(String type, String lastEventId, long dataBytes, int dataLines) {
    // Called by the parser inside onChunk, under its lock.
    events++;
    eventsInChunk++;
    if (firstEventAt < 0) {
      firstEventAt = chunkAt;
    } else {
      addGap(chunkAt - lastEventAt);
    }
    lastEventAt = chunkAt;
  }

  @Override
  public void onComment(long length) {
    comments++;
  }

  private void addGap(long gap) {
    gapMax = Math.max(gapMax, gap);
    if (gapCount == MAX_GAPS) {
      return;
    }
    if (gapCount == gaps.length) {
      gaps = Arrays.copyOf(gaps, gaps.length * 2);
    }
    gaps[gapCount++] = gap;
  }

  private void noteSilence(long silence, boolean ongoing) {
    if (silence > longestSilence) {
      longestSilence = silence;
      silenceOngoing = ongoing;
    }
  }

  /**
   * The response is over or abandoned: later chunks are ignored.
   *
   * @param serverEnded whether the server ended the body (then an unterminated event is dropped, as
   *     a client would)
   */
  synchronized void onEnd(boolean serverEnded, long now) {
    if (ended) {
      return;
    }
    ended = true;
    endedAt = now;
    if (serverEnded && parse) {
      parser.end();
    }
    if (lastBytesAt >= 0) {
      noteSilence(now - lastBytesAt, !serverEnded);
    }
  }

  synchronized ProbeResult result(
      String url, List<Header> requestHeaders, ProbeResult.End end, String error, long endNanos) {
    long p50 = -1;
    if (gapCount > 0) {
      long[] sorted = Arrays.copyOf(gaps, gapCount);
      Arrays.sort(sorted);
      p50 = sorted[(gapCount - 1) / 2];
    }
    return new ProbeResult(
        url,
        requestHeaders,
        status,
        responseHeaders,
        headersAt < 0 ? -1 : headersAt - startNanos,
        firstEventAt < 0 ? -1 : firstEventAt - startNanos,
        parse ? events : -1,
        parse ? comments : -1,
        bytes,
        chunks,
        p50,
        gapMax,
        longestSilence,
        silenceOngoing,
        burstEvents,
        burstSilence,
        firstEventAt < 0 ? -1 : (endedAt >= 0 ? endedAt : endNanos) - firstEventAt,
        end,
        error,
        endNanos - startNanos);
  }
}
