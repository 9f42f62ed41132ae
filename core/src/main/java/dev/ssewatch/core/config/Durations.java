package dev.ssewatch.core.config;

import java.time.Duration;
import java.util.Locale;

/**
 * Parses the duration syntax users type: {@code 250ms}, {@code 15s}, {@code 4m}, {@code 1h}, {@code
 * 0}.
 */
public final class Durations {

  private Durations() {}

  /**
   * Parses {@code text}; a bare number is seconds. Throws {@link IllegalArgumentException} with a
   * message fit for a user.
   */
  public static Duration parse(String text) {
    String s = text.trim();
    int unitStart = 0;
    while (unitStart < s.length() && Character.isDigit(s.charAt(unitStart))) {
      unitStart++;
    }
    if (unitStart == 0) {
      throw new IllegalArgumentException(
          "expected a duration such as 250ms, 15s, 4m or 1h, got '" + text + "'");
    }
    long amount;
    try {
      amount = Long.parseLong(s.substring(0, unitStart));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("duration out of range: '" + text + "'", e);
    }
    String unit = s.substring(unitStart).trim();
    switch (unit) {
      case "ms":
        return Duration.ofMillis(amount);
      case "":
      case "s":
        return Duration.ofSeconds(amount);
      case "m":
        return Duration.ofMinutes(amount);
      case "h":
        return Duration.ofHours(amount);
      default:
        throw new IllegalArgumentException(
            "unknown duration unit '" + unit + "' in '" + text + "' (use ms, s, m or h)");
    }
  }

  /** The shortest form {@link #parse} reads back to the same value. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 3_600_000 == 0 && ms != 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0 && ms != 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }

  /**
   * A measured duration for people: {@code 850ms}, {@code 12.3s}, {@code 4m 05s}; precise enough to
   * compare with a budget. Negative (not measured) gives {@code whenUnknown}.
   */
  public static String human(long nanos, String whenUnknown) {
    if (nanos < 0) {
      return whenUnknown;
    }
    long ms = nanos / 1_000_000L;
    if (ms < 1_000) {
      return ms + "ms";
    }
    if (ms < 60_000) {
      return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
    }
    long s = ms / 1000;
    return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
  }
}
