package dev.ssewatch.core.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code genai} object: its documented example and fields against the encoder. */
class GenAiSchemaDocTest {

  static GenAi sample() {
    return new GenAi(
        "openai.chat_completions",
        "openai",
        "chat",
        "gpt-4o-mini",
        "5b1f0c2a9e7d4f31",
        790_000_000L,
        39,
        34_500_000L,
        null,
        List.of("stop"),
        true,
        GenAi.USAGE_EXACT,
        19,
        39,
        58,
        0,
        -1,
        false,
        0,
        null,
        null,
        null,
        false,
        null,
        null,
        0,
        0);
  }

  @Test
  void theExampleHasExactlyTheEncodersGenAiFields() throws IOException {
    Map<String, Object> example = null;
    for (String line : TelemetrySchemaDocTest.doc().lines().toList()) {
      if (line.startsWith("{") && line.contains("\"genai\":{")) {
        example = StrictJson.object(line);
      }
    }
    StreamEnd end =
        SampleRecords.oneOfEach().stream()
            .filter(StreamEnd.class::isInstance)
            .map(StreamEnd.class::cast)
            .findFirst()
            .orElseThrow();
    StreamEnd withGenAi =
        new StreamEnd(
            end.streamId(),
            end.timestampMillis(),
            end.source(),
            end.method(),
            end.url(),
            end.route(),
            end.status(),
            end.eventStream(),
            end.startEpochMillis(),
            end.durationNanos(),
            end.timeToFirstEventNanos(),
            end.events(),
            end.bytes(),
            end.comments(),
            end.heartbeats(),
            end.largestGapNanos(),
            end.closeReason(),
            end.closeDetail(),
            end.alertRules(),
            sample(),
            null);
    Map<String, Object> encoded = StrictJson.object(JsonLines.toJson(withGenAi));

    assertThat(example).as("an example with genai").isNotNull();
    assertThat(example.keySet()).containsExactlyElementsOf(encoded.keySet());
    @SuppressWarnings("unchecked")
    Map<String, Object> doc = (Map<String, Object>) example.get("genai");
    @SuppressWarnings("unchecked")
    Map<String, Object> enc = (Map<String, Object>) encoded.get("genai");
    assertThat(doc.keySet()).containsExactlyElementsOf(enc.keySet());
    String text = TelemetrySchemaDocTest.doc();
    for (String field : enc.keySet()) {
      assertThat(text).as(field).contains("`" + field + "`");
    }
    assertThat(enc.get("reasoning_tokens")).isNull();
  }

  @Test
  void recordsWithoutGenAiHaveNoGenAiField() {
    for (TelemetryRecord r : SampleRecords.oneOfEach()) {
      assertThat(JsonLines.toJson(r)).doesNotContain("genai");
    }
  }
}
