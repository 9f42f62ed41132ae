package dev.ssewatch.demo.console;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.telemetry.TelemetrySink;
import dev.ssewatch.core.telemetry.TelemetrySinkProvider;

/**
 * The {@code console} exporter of the demo: human lines on standard output, coloured unless {@code
 * ssewatch.console.colour=false}.
 */
public final class ConsoleSinkProvider implements TelemetrySinkProvider {

  @Override
  public String name() {
    return "console";
  }

  @Override
  public TelemetrySink create(Settings settings) {
    boolean colour = settings.bool("ssewatch.console.colour", System.console() != null);
    return new ConsoleSink(new ConsoleFormatter(colour), System.out, "proxy");
  }
}
