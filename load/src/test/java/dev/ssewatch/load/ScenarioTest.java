package dev.ssewatch.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssewatch.core.http.Header;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioTest {

  @TempDir Path dir;

  private static Target target(String path, int weight) {
    return new Target(URI.create("http://h" + path), "GET", null, List.of(), weight);
  }

  @Test
  void streamsAreSharedByWeightAndInterleaved() {
    Scenario s = new Scenario(List.of(target("/a", 3), target("/b", 1)));
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < 400; i++) {
      counts.merge(s.pick(i).url().getPath(), 1, Integer::sum);
    }
    assertThat(counts).containsEntry("/a", 300).containsEntry("/b", 100);
    // Smooth: /b comes once in every four, not after all the /a.
    assertThat(List.of(s.pick(0), s.pick(1), s.pick(2), s.pick(3)))
        .extracting(t -> t.url().getPath())
        .contains("/b");
  }

  @Test
  void aYamlScenarioIsReadWithBodiesAndHeaders() throws Exception {
    Files.writeString(dir.resolve("chat.json"), "{\"prompt\":\"hi\"}");
    Path yaml = dir.resolve("s.yaml");
    Files.writeString(
        yaml,
        """
        targets:
          - url: http://127.0.0.1:9/events
            weight: 3
            headers:
              Authorization: Bearer abc
          - url: http://127.0.0.1:9/chat
            method: post
            body: chat.json
            headers: ["Content-Type: application/json"]
        """);
    List<Target> t = ScenarioFile.read(yaml, List.of(new Header("Authorization", "Bearer cli")));
    assertThat(t).hasSize(2);
    assertThat(t.get(0).weight()).isEqualTo(3);
    assertThat(t.get(0).headers()).containsExactly(new Header("Authorization", "Bearer cli"));
    assertThat(t.get(1).method()).isEqualTo("POST");
    assertThat(new String(t.get(1).body())).isEqualTo("{\"prompt\":\"hi\"}");
    assertThat(t.get(1).headers()).contains(new Header("Content-Type", "application/json"));
  }

  @Test
  void aJsonScenarioIsReadToo() throws Exception {
    Path json = dir.resolve("s.json");
    Files.writeString(json, "{\"targets\": [{\"url\": \"https://example.com/e\", \"weight\": 2}]}");
    assertThat(ScenarioFile.read(json, List.of()).get(0).port()).isEqualTo(443);
  }

  @Test
  void unknownKeysAndBadValuesAreRefused() throws Exception {
    Path yaml = dir.resolve("s.yaml");
    Files.writeString(yaml, "targets:\n  - url: http://h/e\n    wieght: 2\n");
    assertThatThrownBy(() -> ScenarioFile.read(yaml, List.of()))
        .hasMessageContaining("unknown key 'wieght'");
    Files.writeString(yaml, "targets:\n  - url: http://h/e\n    weight: 0\n");
    assertThatThrownBy(() -> ScenarioFile.read(yaml, List.of())).hasMessageContaining("weight");
    Files.writeString(yaml, "targets: []\n");
    assertThatThrownBy(() -> ScenarioFile.read(yaml, List.of())).hasMessageContaining("non-empty");
  }

  @Test
  void aPostScenarioSendsItsBodyAndDoesNotReconnect() throws Exception {
    try (SseBackend backend = new SseBackend()) {
      Path yaml = dir.resolve("s.yaml");
      Files.writeString(dir.resolve("b.json"), "{}");
      Files.writeString(
          yaml,
          "targets:\n  - url: "
              + backend.url("/paced?events=2&every=10")
              + "\n    weight: 1\n    method: POST\n    body: b.json\n"
              + "  - url: "
              + backend.url("/paced?events=3&every=10")
              + "\n    weight: 1\n    method: POST\n    body: b.json\n");
      LoadRun run =
          LoadRun.withJson(dir.resolve("r.json"), "--config", yaml.toString(), "--streams", "4");
      assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
      LoadResult r = run.result();
      assertThat(r.counter("events")).isEqualTo(2 * 2 + 2 * 3);
      assertThat(r.ends).containsEntry("completed", 4L);
      assertThat(r.counter("reconnects")).isZero();
      assertThat(r.targets).hasSize(2).allMatch(t -> t.startsWith("POST "));
    }
  }
}
