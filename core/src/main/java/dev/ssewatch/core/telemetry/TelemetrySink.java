package dev.ssewatch.core.telemetry;

import java.util.List;
import java.util.Optional;

/**
 * Where telemetry records go: a file, a collector, a cloud service. Sinks are called from the
 * dispatcher's single worker thread only, never from an application or event-loop thread, so they
 * may block, but should bound how long they do.
 */
public interface TelemetrySink {

  /** Exports one batch. Must not throw for a failed export: count it and move on. */
  void export(List<TelemetryRecord> batch);

  /** Pushes out anything the sink buffers itself. */
  void flush();

  /** Flushes and releases resources; the sink receives nothing afterwards. */
  void shutdown();

  /**
   * What the sink delivered and whether its endpoint answers, for sinks that track it; none by
   * default. The dispatcher reports it ({@link TelemetryDispatcher#exporterHealth}, the {@code
   * exporter_health} record).
   */
  default Optional<ExporterHealth> health() {
    return Optional.empty();
  }
}
