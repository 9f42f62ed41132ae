package dev.ssewatch.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML report, opened offline in headless Chromium: every plot is drawn. */
class HtmlReportTest {

  private static final File CHROMIUM = new File("/usr/bin/chromium");

  @TempDir Path dir;

  @Test
  void thePlotsRenderInChromium() throws Exception {
    Assumptions.assumeTrue(
        CHROMIUM.canExecute(),
        "chromium is not installed: install with scripts/install-test-deps.sh");
    Path html = dir.resolve("report.html");
    try (SseBackend backend = new SseBackend()) {
      LoadRun run =
          LoadRun.of(
              backend.url("/paced?events=8&every=300&field=1"),
              "--streams",
              "4",
              "--ramp",
              "1s",
              "--events",
              "8",
              "--latency-from",
              "field:sent_ms",
              "--html",
              html.toString());
      assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
    }
    String page = Files.readString(html);
    // Self-contained: nothing to load from anywhere.
    assertThat(page)
        .doesNotContain("src=")
        .doesNotContain("href=")
        .doesNotContain("<link")
        .doesNotContain("url(")
        .doesNotContain("fetch(")
        .doesNotContain("XMLHttpRequest");

    String dom = dumpDom(html);

    // Which seconds hold a first event depends on the machine; every series has a point.
    assertThat(series(dom, "latency", "ttfe p50")).matches("M[0-9.]+,[0-9.]+.*");
    assertThat(series(dom, "latency", "ttfe p99")).matches("M[0-9.]+,[0-9.]+.*");
    assertThat(series(dom, "latency", "latency p50")).matches("M[0-9.]+,[0-9.]+.*");
    assertThat(series(dom, "latency", "latency p99")).matches("M[0-9.]+,[0-9.]+.*");
    assertThat(svg(dom, "latency")).contains("<circle");
    // The run lasts over two seconds and these have a value every second: lines.
    assertThat(series(dom, "open", "open")).matches("M[0-9.]+,[0-9.]+L.*");
    assertThat(series(dom, "errors", "errors")).matches("M[0-9.]+,[0-9.]+L.*");
    Matcher bars = Pattern.compile("data-count=\"([1-9][0-9]*)\"").matcher(svg(dom, "gaps"));
    assertThat(bars.find()).as("a gap bar with a count").isTrue();
  }

  private String dumpDom(Path html) throws Exception {
    Process p =
        new ProcessBuilder(
                CHROMIUM.getPath(),
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + dir.resolve("profile"),
                "--dump-dom",
                html.toUri().toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new String(out, StandardCharsets.UTF_8);
  }

  private static String svg(String dom, String id) {
    int start = dom.indexOf("<svg id=\"" + id + "\"");
    assertThat(start).as("svg %s", id).isNotNegative();
    return dom.substring(start, dom.indexOf("</svg>", start));
  }

  /** The path data of one series of one plot. */
  private static String series(String dom, String id, String name) {
    Matcher m =
        Pattern.compile("<path d=\"([^\"]+)\"[^>]*data-series=\"" + Pattern.quote(name) + "\"")
            .matcher(svg(dom, id));
    assertThat(m.find()).as("series %s in %s", name, id).isTrue();
    return m.group(1);
  }
}
