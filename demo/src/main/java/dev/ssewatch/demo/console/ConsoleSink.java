package dev.ssewatch.demo.console;

import dev.ssewatch.core.telemetry.JsonLines;
import dev.ssewatch.core.telemetry.TelemetryRecord;
import dev.ssewatch.core.telemetry.TelemetrySink;
import java.io.PrintStream;
import java.util.List;

/**
 * A telemetry sink that prints each record as a human line. It formats the record's JSON-lines
 * encoding, so what the console shows is exactly what an exporter would send.
 */
public final class ConsoleSink implements TelemetrySink {

  private final ConsoleFormatter formatter;
  private final PrintStream out;
  private final String side;

  /** Prints records observed by {@code side} ({@code proxy} or {@code agent}) to {@code out}. */
  public ConsoleSink(ConsoleFormatter formatter, PrintStream out, String side) {
    this.formatter = formatter;
    this.out = out;
    this.side = side;
  }

  @Override
  public void export(List<TelemetryRecord> batch) {
    for (TelemetryRecord r : batch) {
      String line = formatter.format(side, JsonLines.toJson(r));
      if (line != null) {
        out.println(line);
      }
    }
  }

  @Override
  public void flush() {
    out.flush();
  }

  @Override
  public void shutdown() {
    out.flush();
  }
}
