package dev.ssewatch.exporters.otel.receiver;

import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.telemetry.TelemetryRecord;
import dev.ssewatch.core.telemetry.TelemetrySink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Hands a sink whole streams with fresh ids, as the dispatcher would, from inside a condition. */
public final class Feeder {

  private final AtomicInteger streams = new AtomicInteger();
  private final int streamsPerCall;
  private final int eventsPerStream;

  public Feeder(int streamsPerCall, int eventsPerStream) {
    this.streamsPerCall = streamsPerCall;
    this.eventsPerStream = eventsPerStream;
  }

  /** Exports the next streams to {@code sink}; always true, so it can sit in a condition. */
  public boolean feed(TelemetrySink sink) {
    List<TelemetryRecord> batch = new ArrayList<>();
    for (int i = 0; i < streamsPerCall; i++) {
      batch.addAll(
          SampleStreams.stream(
              "s-" + streams.incrementAndGet(), StreamSource.PROXY, eventsPerStream));
    }
    sink.export(batch);
    return true;
  }
}
