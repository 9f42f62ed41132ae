package dev.ssewatch.core.telemetry;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.config.SettingsException;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * {@code jsonl}: JSON lines to standard output ({@code ssewatch.jsonl.path=-}, the default) or
 * appended to a file.
 */
public final class JsonLinesSinkProvider implements TelemetrySinkProvider {

  /** The key naming the output: {@code -} for standard output, otherwise a file path. */
  public static final String PATH = "ssewatch.jsonl.path";

  @Override
  public String name() {
    return "jsonl";
  }

  @Override
  public TelemetrySink create(Settings settings) {
    String path = settings.get(PATH, "-");
    if (path.equals("-")) {
      return JsonLinesSink.stdout(System.out);
    }
    try {
      return JsonLinesSink.file(Path.of(path));
    } catch (IOException | InvalidPathException e) {
      throw new SettingsException(PATH, "cannot open '" + path + "' for appending: " + e);
    }
  }
}
