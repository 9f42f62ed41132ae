package dev.ssewatch.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/configuration.md complete: every {@code "ssewatch.…"} key literal in core's main
 * sources must be documented there, with its environment-variable form.
 */
class ConfigurationDocTest {

  /** A whole string literal holding a key; {@code "ssewatch."} alone (a prefix) does not match. */
  private static final Pattern KEY_LITERAL =
      Pattern.compile("\"(ssewatch\\.[a-z0-9.\\-]*[a-z0-9])\"");

  @Test
  void everyKeyInCoresSourcesIsDocumentedWithItsEnvironmentVariable() throws IOException {
    Set<String> keys = keysInSources(projectFile("core/src/main/java"));
    String doc = Files.readString(projectFile("docs/configuration.md"), StandardCharsets.UTF_8);

    assertThat(keys)
        .as("the scan itself works")
        .contains("ssewatch.exporters", "ssewatch.event-id", "ssewatch.config.file");
    for (String key : keys) {
      assertThat(doc).as(key).contains("`" + key + "`").contains("`" + Settings.envName(key) + "`");
    }
  }

  @Test
  void documentsThePrecedenceOfSources() throws IOException {
    String doc = Files.readString(projectFile("docs/configuration.md"), StandardCharsets.UTF_8);

    assertThat(doc)
        .containsSubsequence(
            "1. **overrides**",
            "2. **Java system properties**",
            "3. **environment variables**",
            "4. **a properties file**");
  }

  @Test
  void keyScanFindsWholeLiteralsOnly() {
    Matcher m = KEY_LITERAL.matcher("a(\"ssewatch.\") b(\"ssewatch.idle.budget\", \"x\")");

    assertThat(m.find()).isTrue();
    assertThat(m.group(1)).isEqualTo("ssewatch.idle.budget");
    assertThat(m.find()).isFalse();
  }

  private static Set<String> keysInSources(Path root) throws IOException {
    Set<String> keys = new TreeSet<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
        Matcher m = KEY_LITERAL.matcher(Files.readString(f, StandardCharsets.UTF_8));
        while (m.find()) {
          keys.add(m.group(1));
        }
      }
    }
    return keys;
  }

  /** A file of the repository, found from the module directory the tests run in. */
  private static Path projectFile(String relative) {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(relative);
      if (Files.exists(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError(relative + " not found above " + Path.of("").toAbsolutePath());
  }
}
