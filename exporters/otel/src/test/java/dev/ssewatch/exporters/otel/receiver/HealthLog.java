package dev.ssewatch.exporters.otel.receiver;

import dev.ssewatch.core.telemetry.ExporterHealth;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Captures the lines {@link ExporterHealth} logs on each change of state, while open. */
public final class HealthLog implements AutoCloseable {

  private final Logger logger = Logger.getLogger(ExporterHealth.class.getName());
  private final List<String> lines = new ArrayList<>();
  private final Handler handler =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          synchronized (lines) {
            lines.add(r.getLevel() + " " + r.getMessage());
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  private HealthLog() {
    logger.addHandler(handler);
  }

  public static HealthLog capture() {
    return new HealthLog();
  }

  /** Every line so far, each prefixed with its level ({@code WARNING ssewatch: …}). */
  public List<String> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  /**
   * The lines that name {@code subject} (an endpoint, a hub): a sink of an earlier test may still
   * be finishing an export while this one captures, and its lines name its own endpoint.
   */
  public List<String> lines(String subject) {
    return lines().stream().filter(l -> l.contains(subject)).toList();
  }

  /** All lines as one text, for "never contains a secret" checks. */
  public String text() {
    return String.join("\n", lines());
  }

  @Override
  public void close() {
    logger.removeHandler(handler);
  }
}
