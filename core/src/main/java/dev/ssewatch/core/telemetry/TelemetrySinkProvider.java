package dev.ssewatch.core.telemetry;

import dev.ssewatch.core.config.Settings;

/**
 * Creates a {@link TelemetrySink} by name; found with {@link java.util.ServiceLoader}. The name is
 * what users list in {@code ssewatch.exporters} ({@code jsonl}, {@code otlp}, {@code
 * azure-monitor}, {@code event-hubs}).
 */
public interface TelemetrySinkProvider {

  /** The name users select this sink by. */
  String name();

  /**
   * Builds the sink from the settings; throws {@link dev.ssewatch.core.config.SettingsException}
   * for a bad value.
   */
  TelemetrySink create(Settings settings);
}
