package dev.ssewatch.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code kql/check.js} — Kusto's own parser and semantic analyser, from the npm package
 * {@code @kusto/language-service-next} — over queries, in a Node.js child process.
 */
final class KustoLanguageService {

  static final Path SCRIPT = Path.of("kql", "check.js");
  static final Path PACKAGE = Path.of("kql", "node_modules", "@kusto", "language-service-next");

  record Diagnostic(String where, String severity, String message, int start, int length) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private KustoLanguageService() {}

  /** Why the service cannot run here, or null when it can. */
  static String unavailable() {
    if (!Files.isDirectory(PACKAGE)) {
      return "the Kusto language service is not installed (dashboards/kql/node_modules):"
          + " bash scripts/install-test-deps.sh installs it";
    }
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 ? null : "node does not run";
    } catch (IOException e) {
      return "Node.js is not installed: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  static List<Diagnostic> analyse(Map<String, List<String[]>> tables, List<Queries.Query> queries)
      throws Exception {
    ObjectNode input = JSON.createObjectNode();
    ObjectNode t = input.putObject("tables");
    tables.forEach(
        (name, columns) -> {
          ArrayNode cols = t.putArray(name);
          for (String[] c : columns) {
            cols.addArray().add(c[0]).add(c[1]);
          }
        });
    ArrayNode qs = input.putArray("queries");
    for (Queries.Query q : queries) {
      qs.addObject().put("where", q.where()).put("text", q.text());
    }
    Process p = new ProcessBuilder("node", SCRIPT.toString()).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(JSON.writeValueAsBytes(input));
    }
    byte[] out = p.getInputStream().readAllBytes();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("kql/check.js failed: " + err);
    }
    List<Diagnostic> diagnostics = new ArrayList<>();
    for (JsonNode d : JSON.readTree(out)) {
      diagnostics.add(
          new Diagnostic(
              d.path("where").asText(),
              d.path("severity").asText(),
              d.path("message").asText(),
              d.path("start").asInt(),
              d.path("length").asInt()));
    }
    return diagnostics;
  }
}
