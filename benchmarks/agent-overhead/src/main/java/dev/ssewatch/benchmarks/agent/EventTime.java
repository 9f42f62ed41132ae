package dev.ssewatch.benchmarks.agent;

/**
 * The write time an event of the measured servers carries in its data, {@code System.nanoTime()} of
 * the server: {@code data: t=N ...} from {@link BenchServer}, {@code data:{"t":N,...}} from the
 * Spring applications' JSON.
 */
final class EventTime {

  private static final String PLAIN = "t=";
  private static final String JSON = "{\"t\":";

  private EventTime() {}

  /** The write time in {@code line}, or -1 when it is not a data line that carries one. */
  static long of(String line) {
    if (!line.startsWith("data:")) {
      // id, event, comments, the blank line between events
      return -1;
    }
    int at = 5;
    if (at < line.length() && line.charAt(at) == ' ') {
      // the one optional space after the colon
      at++;
    }
    if (line.startsWith(PLAIN, at)) {
      at += PLAIN.length();
    } else if (line.startsWith(JSON, at)) {
      at += JSON.length();
    } else {
      // data without a write time
      return -1;
    }
    int end = at;
    while (end < line.length() && Character.isDigit(line.charAt(end))) {
      end++;
    }
    // a time cut short or missing: not a figure
    return end == at ? -1 : Long.parseLong(line, at, end, 10);
  }
}
