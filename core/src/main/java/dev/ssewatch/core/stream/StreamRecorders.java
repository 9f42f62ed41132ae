package dev.ssewatch.core.stream;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.telemetry.TelemetryRecord;
import dev.ssewatch.core.time.TimeSource;
import java.util.List;
import java.util.function.Consumer;

/**
 * Placeholder with the public API of the recorder factory: creates one {@link StreamRecorder} per
 * exchange, keeps the open ones, and ticks them (progress records, idle-timeout checks) from one
 * daemon thread.
 */
public final class StreamRecorders implements AutoCloseable {

  private StreamRecorders() {}

  /**
   * Recorders configured from {@code settings} (sampling, idle budget, thresholds, redaction),
   * emitting records to {@code sink} (normally a {@code TelemetryDispatcher}; must not block).
   */
  public static StreamRecorders create(
      Settings settings, StreamSource source, Consumer<TelemetryRecord> sink, TimeSource time) {
    throw new UnsupportedOperationException();
  }

  /**
   * Starts recording an exchange.
   *
   * @param url the request target as received (the recorder redacts it)
   * @param route the configured route, or {@code null} to use the URL's path
   * @param requestHeaders the request headers as received (the recorder redacts them)
   * @param startNanos when the request arrived
   */
  public StreamRecorder begin(
      String method, String url, String route, List<Header> requestHeaders, long startNanos) {
    throw new UnsupportedOperationException();
  }

  /** The recorders whose exchange has not ended. */
  public List<StreamRecorder> openStreams() {
    return List.of();
  }

  /** Runs the periodic checks once; the internal thread calls this every second. */
  public void tick() {}

  /** Stops the ticking thread. Open streams are not ended. */
  @Override
  public void close() {}
}
