package dev.ssewatch.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class MergeTest {

  @RegisterExtension static final SseBackend backend = SseBackend.perClass();

  @TempDir Path dir;

  private LoadResult run(String name, int streams) throws Exception {
    LoadRun r =
        LoadRun.withJson(
            dir.resolve(name),
            backend.url("/paced?events=4&every=100"),
            "--streams",
            String.valueOf(streams),
            "--events",
            "4");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(0);
    return r.result();
  }

  @Test
  void mergingTwoRunsEqualsOneRunOverTheUnion() throws Exception {
    LoadResult a = run("a.json", 2);
    LoadResult b = run("b.json", 3);
    LoadResult union = run("union.json", 5);
    Path out = dir.resolve("merged.json");
    Path html = dir.resolve("merged.html");

    LoadRun merge =
        LoadRun.of(
            "merge",
            dir.resolve("a.json").toString(),
            dir.resolve("b.json").toString(),
            "--json",
            out.toString(),
            "--html",
            html.toString());

    assertThat(merge.exitCode()).as(merge.err()).isEqualTo(0);
    assertThat(merge.out()).contains("2 runs merged");
    LoadResult m = LoadResult.fromJson(Files.readString(out));
    assertThat(m.runs).isEqualTo(2);
    // What the backend sent is the same as in one run over all the streams.
    assertThat(m.counters).isEqualTo(union.counters);
    assertThat(m.ends).isEqualTo(union.ends);
    assertThat(m.statuses).isEqualTo(union.statuses);
    for (Metric metric : Metric.values()) {
      // Timings differ from run to run; the histograms merge exactly.
      Histogram sum = a.histogram(metric).copy();
      sum.add(b.histogram(metric));
      assertThat(m.histogram(metric)).as(metric.key()).isEqualTo(sum);
      assertThat(m.histogram(metric).getTotalCount())
          .isEqualTo(union.histogram(metric).getTotalCount());
    }
    long timelineEvents = m.timeline.stream().mapToLong(Sample::events).sum();
    assertThat(timelineEvents).isEqualTo(20);
    assertThat(Files.readString(html)).contains("<svg id=\"gaps\"");
  }

  @Test
  void aFileThatIsNotAResultIsRefused() throws Exception {
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"format\": 7}");
    LoadRun merge = LoadRun.of("merge", bad.toString());
    assertThat(merge.exitCode()).isEqualTo(2);
    assertThat(merge.err()).contains("result format 7");
  }

  @Test
  void aResultReadsBackToTheSameFigures() throws Exception {
    LoadResult a = run("a.json", 2);
    assertThat(LoadResult.fromJson(a.toJson()).toJson()).isEqualTo(a.toJson());
  }
}
