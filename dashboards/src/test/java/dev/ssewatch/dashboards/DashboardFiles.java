package dev.ssewatch.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The committed dashboard and alert files, read from the module directory. */
final class DashboardFiles {

  private DashboardFiles() {}

  static final Path WORKBOOK = Path.of("azure-monitor", "ssewatch-workbook.json");
  static final Path ALERTS_BICEP = Path.of("azure-monitor", "alerts.bicep");
  static final Path ALERTS_PARAMETERS = Path.of("azure-monitor", "alerts.parameters.json");
  static final Path GRAFANA = Path.of("grafana", "ssewatch-dashboard.json");
  static final Path README = Path.of("README.md");

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Parses strictly: Jackson rejects trailing commas, comments and unquoted names by default. */
  static JsonNode json(Path file) {
    try {
      return JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String text(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
