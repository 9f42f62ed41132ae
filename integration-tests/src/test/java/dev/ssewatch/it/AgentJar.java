package dev.ssewatch.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The agent jar the build made ({@code ssewatch.it.agent.jar}, set by the build), and which
 * exporters it bundles: those whose {@code TelemetrySinkProvider} a service file in the jar lists,
 * relocated or not, at the jar's root or in a nested directory.
 */
final class AgentJar {

  static final String PROPERTY = "ssewatch.it.agent.jar";
  private static final String SERVICE = "dev.ssewatch.core.telemetry.TelemetrySinkProvider";

  /** Each exporter by the simple name of its provider class. */
  private static final Map<String, String> PROVIDERS =
      Map.of(
          "JsonLinesSinkProvider", "jsonl",
          "OtlpSinkProvider", "otlp",
          "AzureMonitorSinkProvider", "azure-monitor",
          "EventHubsSinkProvider", "event-hubs");

  private AgentJar() {}

  /**
   * The agent jar, if it bundles every one of {@code exporters}; otherwise the calling test is
   * skipped with a message naming what is missing.
   */
  static Path assumeBundles(List<String> exporters) {
    String property = System.getProperty(PROPERTY);
    assumeTrue(property != null, "system property " + PROPERTY + " (the agent jar) is not set");
    Path jar = Path.of(property).toAbsolutePath().normalize();
    assumeTrue(
        Files.isRegularFile(jar),
        "no agent jar at "
            + jar
            + ": the agent module does not build ssewatch-agent.jar yet (or it was not packaged)");
    Set<String> bundled = bundledExporters(jar);
    List<String> missing = new ArrayList<>(exporters);
    missing.removeAll(bundled);
    assumeTrue(
        missing.isEmpty(),
        "the agent jar "
            + jar
            + " does not bundle the exporter(s) "
            + missing
            + ": no META-INF/services/"
            + SERVICE
            + " entry in it lists their provider (it lists "
            + (bundled.isEmpty() ? "none" : bundled)
            + ")");
    return jar;
  }

  static Set<String> bundledExporters(Path jar) {
    Set<String> out = new LinkedHashSet<>();
    try (JarFile file = new JarFile(jar.toFile())) {
      for (JarEntry entry : Collections.list(file.entries())) {
        // Wherever the agent keeps its own classes, and however it relocates core.
        if (!entry.getName().contains("META-INF/services/")
            || !entry.getName().endsWith(".TelemetrySinkProvider")) {
          continue;
        }
        try (BufferedReader in =
            new BufferedReader(
                new InputStreamReader(file.getInputStream(entry), StandardCharsets.UTF_8))) {
          for (String line : in.lines().toList()) {
            String provider = line.replaceAll("#.*", "").trim();
            String simple = provider.substring(provider.lastIndexOf('.') + 1);
            if (PROVIDERS.containsKey(simple)) {
              out.add(PROVIDERS.get(simple));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
