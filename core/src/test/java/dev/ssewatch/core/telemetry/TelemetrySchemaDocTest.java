package dev.ssewatch.core.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Keeps docs/telemetry-schema.md and the encoder from drifting apart. */
class TelemetrySchemaDocTest {

  @Test
  void everyExampleLineParsesAndHasExactlyTheEncodersFields() throws IOException {
    Map<String, Map<String, Object>> examples = new HashMap<>();
    for (String line : doc().lines().toList()) {
      if (line.startsWith("{")) {
        Map<String, Object> json = StrictJson.object(line);
        examples.put((String) json.get("record"), json);
      }
    }

    assertThat(examples.keySet())
        .containsExactlyInAnyOrderElementsOf(JsonLinesTest.FIELDS.keySet());
    for (TelemetryRecord r : SampleRecords.oneOfEach()) {
      Map<String, Object> encoded = StrictJson.object(JsonLines.toJson(r));
      assertThat(examples.get(r.recordType()).keySet())
          .as(r.recordType())
          .containsExactlyElementsOf(encoded.keySet());
    }
  }

  @Test
  void everyFieldIsDescribed() throws IOException {
    String doc = doc();
    for (List<String> fields : JsonLinesTest.FIELDS.values()) {
      for (String field : fields) {
        assertThat(doc).contains("`" + field + "`");
      }
    }
    for (String field : JsonLinesTest.COMMON) {
      assertThat(doc).contains("| `" + field + "` |");
    }
  }

  @Test
  void statesThatEventDataIsNeverExported() throws IOException {
    assertThat(doc()).contains("No record has a field for event data");
  }

  static String doc() throws IOException {
    return Files.readString(projectFile("docs/telemetry-schema.md"), StandardCharsets.UTF_8);
  }

  /** A file of the repository, found from the module directory the tests run in. */
  static Path projectFile(String relative) {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(relative);
      if (Files.exists(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError(relative + " not found above " + Path.of("").toAbsolutePath());
  }
}
