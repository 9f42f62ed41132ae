package dev.ssewatch.load;

import java.nio.charset.StandardCharsets;

/**
 * Where the server states when it sent an event ({@code --latency-from}): the event's {@code id}, a
 * numeric field of the JSON in its data, or a comment line with a prefix. The value is an epoch
 * time in milliseconds or microseconds, told apart by size (from 10^14 on it is microseconds: in
 * milliseconds that would be the year 5138).
 *
 * <p>This is the one place the load client reads anything of the event data, and only when the user
 * names the place: the number is read, subtracted from the arrival time and dropped. It is never
 * printed, stored or exported.
 *
 * @param kind where the value is
 * @param name the JSON field name or the comment prefix (ASCII); empty for {@code id}
 */
record LatencySource(Kind kind, String name) {

  enum Kind {
    ID,
    FIELD,
    COMMENT
  }

  /** Longest field name or comment prefix: the scanner matches it byte by byte. */
  static final int MAX_NAME_BYTES = 64;

  /** From here on a time is in microseconds rather than milliseconds. */
  static final long MICROS_FROM = 100_000_000_000_000L;

  /**
   * {@code id}, {@code field:NAME} or {@code comment:PREFIX}.
   *
   * @throws IllegalArgumentException for anything else
   */
  static LatencySource parse(String spec) {
    String s = spec == null ? "" : spec.strip();
    if (s.equals("id")) {
      return new LatencySource(Kind.ID, "");
    }
    int colon = s.indexOf(':');
    String kind = colon < 0 ? s : s.substring(0, colon);
    String name = colon < 0 ? "" : s.substring(colon + 1);
    if (name.isEmpty() || name.length() > MAX_NAME_BYTES || !isPrintableAscii(name)) {
      throw new IllegalArgumentException(
          "--latency-from expects id, field:NAME or comment:PREFIX (NAME and PREFIX: 1 to "
              + MAX_NAME_BYTES
              + " printable ASCII characters)");
    }
    return switch (kind) {
      case "field" -> {
        if (name.indexOf('"') >= 0 || name.indexOf('\\') >= 0) {
          throw new IllegalArgumentException("--latency-from field:NAME: NAME has a quote");
        }
        yield new LatencySource(Kind.FIELD, name);
      }
      case "comment" -> new LatencySource(Kind.COMMENT, name);
      default ->
          throw new IllegalArgumentException(
              "--latency-from expects id, field:NAME or comment:PREFIX");
    };
  }

  byte[] nameBytes() {
    return name.getBytes(StandardCharsets.US_ASCII);
  }

  /** The epoch time in microseconds a stated value stands for. */
  static long toMicros(long value) {
    return value >= MICROS_FROM ? value : value * 1000;
  }

  private static boolean isPrintableAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }
}
