package dev.ssewatch.load;

import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.http.Headers;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads a scenario file ({@code --config}): YAML, or JSON, which the same reader accepts.
 *
 * <pre>
 * targets:
 *   - url: https://api.example.com/events
 *     weight: 3
 *   - url: https://api.example.com/chat
 *     method: POST
 *     body: chat-request.json      # relative to the scenario file
 *     headers:
 *       Content-Type: application/json
 * </pre>
 *
 * Unknown keys are refused, so a misspelt one does not silently change nothing.
 */
final class ScenarioFile {

  /** Largest scenario file read. */
  static final int MAX_FILE_BYTES = 1024 * 1024;

  private static final Set<String> TOP_KEYS = Set.of("targets");
  private static final Set<String> TARGET_KEYS =
      Set.of("url", "weight", "method", "body", "headers");

  private ScenarioFile() {}

  /**
   * @param extraHeaders the command line's {@code -H} headers, which replace a target's headers of
   *     the same name
   */
  static List<Target> read(Path file, List<Header> extraHeaders) throws IOException {
    if (Files.size(file) > MAX_FILE_BYTES) {
      throw new IllegalArgumentException("--config: the file is larger than 1 MiB");
    }
    Object root;
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
    } catch (RuntimeException e) {
      // SnakeYAML's messages quote the offending text, which may be a header value.
      throw new IllegalArgumentException("--config: not valid YAML or JSON");
    }
    Map<?, ?> top = map(root, "the file");
    checkKeys(top, TOP_KEYS, "the file");
    if (!(top.get("targets") instanceof List<?> list) || list.isEmpty()) {
      throw new IllegalArgumentException("--config: 'targets' must be a non-empty list");
    }
    List<Target> out = new ArrayList<>();
    Path base = file.toAbsolutePath().getParent();
    for (int i = 0; i < list.size(); i++) {
      String where = "targets[" + i + "]";
      Map<?, ?> t = map(list.get(i), where);
      checkKeys(t, TARGET_KEYS, where);
      Object url = t.get("url");
      if (!(url instanceof String u)) {
        throw new IllegalArgumentException("--config: " + where + ".url is missing");
      }
      int weight = 1;
      if (t.containsKey("weight")) {
        if (!(t.get("weight") instanceof Integer w)) {
          throw new IllegalArgumentException("--config: " + where + ".weight must be an integer");
        }
        weight = w;
      }
      byte[] body = null;
      if (t.get("body") instanceof String b) {
        body = LoadCommand.readBody(base.resolve(b));
      } else if (t.containsKey("body")) {
        throw new IllegalArgumentException("--config: " + where + ".body must be a file name");
      }
      List<Header> headers = new ArrayList<>(headers(t.get("headers"), where));
      headers.removeIf(
          h -> extraHeaders.stream().anyMatch(e -> e.name().equalsIgnoreCase(h.name())));
      headers.addAll(extraHeaders);
      try {
        out.add(
            new Target(
                new URI(u),
                t.get("method") == null ? null : String.valueOf(t.get("method")),
                body,
                headers,
                weight));
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("--config: " + where + ".url is not a URL");
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--config: " + where + ": " + e.getMessage());
      }
    }
    return out;
  }

  private static List<Header> headers(Object value, String where) {
    List<Header> out = new ArrayList<>();
    if (value == null) {
      return out;
    }
    if (value instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        out.add(new Header(String.valueOf(e.getKey()).strip(), String.valueOf(e.getValue())));
      }
      return out;
    }
    if (value instanceof List<?> l) {
      List<String> raw = new ArrayList<>();
      for (Object o : l) {
        raw.add(String.valueOf(o));
      }
      return Headers.parse(raw);
    }
    throw new IllegalArgumentException(
        "--config: " + where + ".headers must be a map or a list of 'Name: value'");
  }

  private static Map<?, ?> map(Object o, String where) {
    if (!(o instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException("--config: " + where + " must be a mapping");
    }
    return m;
  }

  private static void checkKeys(Map<?, ?> m, Set<String> allowed, String where) {
    for (Object k : m.keySet()) {
      if (!allowed.contains(String.valueOf(k))) {
        throw new IllegalArgumentException(
            "--config: unknown key '" + k + "' in " + where + " (expected " + allowed + ")");
      }
    }
  }
}
