package dev.ssewatch.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

  private static Progress p(long open) {
    return new Progress(2_500_000_000L, open, 100, 1234, 1500, 250_000, 3);
  }

  @Test
  void aTerminalGetsOneLineRedrawn() {
    StringWriter s = new StringWriter();
    ProgressLine line = new ProgressLine(new PrintWriter(s), true, 1);
    line.accept(p(100));
    line.accept(p(7));
    line.finish();
    assertThat(s.toString())
        .startsWith(
            "\r   2.5s  streams 100/100  events 1234/s  ttfe p50 1.5ms p99 250.0ms  errors 3")
        .contains("\r   2.5s  streams 7/100")
        .endsWith("  " + System.lineSeparator())
        .doesNotContain(System.lineSeparator() + "\r");
  }

  @Test
  void aPipeGetsPlainLinesEveryFewSamples() {
    StringWriter s = new StringWriter();
    ProgressLine line = new ProgressLine(new PrintWriter(s), false, 10);
    for (int i = 0; i < 25; i++) {
      line.accept(p(i));
    }
    line.finish();
    assertThat(s.toString()).doesNotContain("\r");
    assertThat(s.toString().lines()).hasSize(3);
  }
}
