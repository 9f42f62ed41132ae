package dev.ssewatch.core.stream;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.testing.ManualTimeSource;
import dev.ssewatch.core.testing.RecordingConsumer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A recorder factory without ticker thread, a manual clock and a recording sink. */
final class Fixture {

  static final List<Header> SSE_REQUEST = List.of(new Header("Accept", "text/event-stream"));

  static final List<Header> SSE_RESPONSE =
      List.of(
          new Header("Content-Type", "text/event-stream"), new Header("Cache-Control", "no-cache"));

  static final List<Header> JSON_RESPONSE =
      List.of(new Header("Content-Type", "application/json"), new Header("Content-Length", "17"));

  final ManualTimeSource time = new ManualTimeSource();
  final RecordingConsumer sink = new RecordingConsumer();
  final StreamRecorders recorders;

  Fixture() {
    this(Map.of());
  }

  Fixture(Map<String, String> settings) {
    recorders =
        StreamRecorders.createWithoutTicker(
            Settings.of(new HashMap<>(settings)), StreamSource.PROXY, sink, time);
  }

  /** A GET of {@code /events} accepting an event stream, begun now. */
  StreamRecorder begin() {
    return recorders.begin("GET", "/events?room=1", null, SSE_REQUEST, time.nanoTime());
  }

  StreamRecorder beginTracked() {
    return recorders.begin("GET", "/events?room=1", null, SSE_REQUEST, time.nanoTime(), true);
  }

  /** Begun, and answered with correct SSE headers after {@code headersAfter}. */
  StreamRecorder sse(Duration headersAfter) {
    StreamRecorder r = begin();
    time.advance(headersAfter);
    r.onResponseHeaders(200, SSE_RESPONSE, time.nanoTime());
    return r;
  }

  StreamRecorder sse() {
    return sse(Duration.ofMillis(5));
  }

  void bytes(StreamRecorder r, String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    r.onBytes(b, 0, b.length, time.nanoTime());
  }

  long now() {
    return time.nanoTime();
  }

  void advance(Duration d) {
    time.advance(d);
  }
}
