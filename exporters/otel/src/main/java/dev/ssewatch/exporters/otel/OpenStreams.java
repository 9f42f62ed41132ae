package dev.ssewatch.exporters.otel;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The streams whose start was mapped and whose end was not yet, by stream id, at most {@code max}
 * of them: past that the oldest is handed to the eviction action and forgotten, which bounds memory
 * whatever the traffic. Not thread-safe: the mapping calls it under its lock.
 */
final class OpenStreams {

  /** What the mapping tracks for a stream between its start and its end. */
  static final class OpenStream {
    final Span span;
    final String route;
    final Attributes metricAttributes;
    long heartbeatsCounted;

    OpenStream(Span span, String route, Attributes metricAttributes) {
      this.span = span;
      this.route = route;
      this.metricAttributes = metricAttributes;
    }
  }

  private final Map<String, OpenStream> streams;

  OpenStreams(int max, Consumer<OpenStream> evicted) {
    this.streams =
        new LinkedHashMap<>(16, 0.75f, false) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, OpenStream> eldest) {
            if (size() <= max) {
              return false;
            }
            evicted.accept(eldest.getValue());
            return true;
          }
        };
  }

  boolean contains(String streamId) {
    return streams.containsKey(streamId);
  }

  /** The stream, or null when its start was not seen (lost upstream, or evicted). */
  OpenStream get(String streamId) {
    return streams.get(streamId);
  }

  void put(String streamId, OpenStream s) {
    streams.put(streamId, s);
  }

  /** The stream, no longer tracked; null when it was not. */
  OpenStream remove(String streamId) {
    return streams.remove(streamId);
  }

  int size() {
    return streams.size();
  }

  /** Hands every stream to {@code action} and forgets them all. */
  void removeAll(Consumer<OpenStream> action) {
    for (Iterator<OpenStream> it = streams.values().iterator(); it.hasNext(); ) {
      action.accept(it.next());
      it.remove();
    }
  }
}
