package dev.ssewatch.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code --latency-from} reads the server's stated send time for the computation only: every event
 * gets a latency, and no stated value appears in any output.
 */
class LatencyFromTest {

  @RegisterExtension static final SseBackend backend = SseBackend.perClass();

  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({"field=1, field:sent_ms", "idtime=1, id"})
  void everyEventGetsALatencyAndTheStatedValueIsNeverWritten(String query, String from)
      throws Exception {
    backend.statedTimes.clear();
    Path html = dir.resolve("r.html");
    LoadRun run =
        LoadRun.withJson(
            dir.resolve("r.json"),
            backend.url("/paced?events=4&every=100&delay=50&" + query),
            "--streams",
            "3",
            "--events",
            "4",
            "--latency-from",
            from,
            "--html",
            html.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
    LoadResult r = run.result();
    assertThat(r.histogram(Metric.LATENCY).getTotalCount()).isEqualTo(12);
    // The clocks are the same machine's: the latency is the delivery time, well under a minute.
    assertThat(r.histogram(Metric.LATENCY).getMaxValue()).isLessThan(60_000_000L);
    List<String> stated = backend.statedTimes;
    assertThat(stated).hasSize(12);
    for (String output :
        List.of(run.out(), run.err(), Files.readString(run.json()), Files.readString(html))) {
      for (String value : stated) {
        assertThat(output).doesNotContain(value);
      }
    }
  }
}
