package dev.ssewatch.load;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The live progress line. On a terminal it redraws one line with a carriage return; otherwise (a
 * pipe, a CI log) it prints a plain line every {@code every} samples, which a log keeps readable.
 */
final class ProgressLine implements Consumer<Progress> {

  private final PrintWriter out;
  private final boolean terminal;
  private final int every;
  private int samples;
  private int lastLength;

  ProgressLine(PrintWriter out, boolean terminal, int every) {
    this.out = out;
    this.terminal = terminal;
    this.every = Math.max(1, every);
  }

  @Override
  public void accept(Progress p) {
    String line = format(p);
    if (terminal) {
      // Pad over the previous, longer line's tail.
      String padded =
          line.length() < lastLength ? line + " ".repeat(lastLength - line.length()) : line;
      out.print("\r" + padded);
      lastLength = line.length();
    } else if (samples++ % every == 0) {
      out.println(line);
    }
    out.flush();
  }

  /** Ends the redrawn line, so what follows starts on its own. */
  void finish() {
    if (terminal && lastLength > 0) {
      out.println();
      out.flush();
    }
  }

  static String format(Progress p) {
    return String.format(
        Locale.ROOT,
        "%6.1fs  streams %d/%d  events %.0f/s  ttfe p50 %s p99 %s  errors %d",
        p.elapsedNanos() / 1e9,
        p.open(),
        p.target(),
        p.eventsPerSecond(),
        p.ttfeP50Micros() < 0 ? "-" : SummaryTable.micros(p.ttfeP50Micros()),
        p.ttfeP99Micros() < 0 ? "-" : SummaryTable.micros(p.ttfeP99Micros()),
        p.errors());
  }
}
