package dev.ssewatch.benchmarks.agent;

/**
 * The agent's own startup figure, N of its standard-error line {@code [ssewatch] agent ... ready in
 * N ms (...)}, or {@code started in N ms} from agents that installed in premain only.
 */
final class ReadyLine {

  private static final String[] MARKERS = {" ready in ", " started in "};

  private ReadyLine() {}

  /** N, or -1 when the line has no such figure. */
  static long millis(String line) {
    for (String marker : MARKERS) {
      int at = line.indexOf(marker);
      if (at >= 0) {
        at += marker.length();
        int end = at;
        while (end < line.length() && Character.isDigit(line.charAt(end))) {
          end++;
        }
        return end == at ? -1 : Long.parseLong(line, at, end, 10);
      }
    }
    return -1;
  }
}
