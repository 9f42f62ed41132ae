package dev.ssewatch.core.stream;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.config.SettingsException;
import java.time.Duration;
import java.util.Locale;

/**
 * How recorders record, read and validated once per factory.
 *
 * @param sampleEvery which events get an {@code event} record: 1 every event, 0 none, N the first
 *     of every N (seq 1, N+1, 2N+1…); counts in other records stay complete either way
 * @param progressIntervalNanos how often an open event stream emits {@code progress}; 0 never
 */
record RecorderSettings(long sampleEvery, long progressIntervalNanos) {

  static final String EVENTS_SAMPLE = "ssewatch.events.sample";
  static final String PROGRESS_INTERVAL = "ssewatch.progress.interval";

  static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofSeconds(60);

  RecorderSettings {
    if (sampleEvery < 0) {
      throw new SettingsException(EVENTS_SAMPLE, "expected all, none or a number N of 1 or more");
    }
    if (progressIntervalNanos < 0) {
      throw new SettingsException(PROGRESS_INTERVAL, "must not be negative");
    }
  }

  static RecorderSettings from(Settings settings) {
    return new RecorderSettings(
        sampleEvery(settings.get(EVENTS_SAMPLE, "all")),
        settings.duration(PROGRESS_INTERVAL, DEFAULT_PROGRESS_INTERVAL).toNanos());
  }

  private static long sampleEvery(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.equals("all")) {
      return 1;
    }
    if (v.equals("none")) {
      return 0;
    }
    long n;
    try {
      n = Long.parseLong(v);
    } catch (NumberFormatException e) {
      n = -1;
    }
    if (n < 1) {
      throw new SettingsException(
          EVENTS_SAMPLE,
          "expected all, none or a number N of 1 or more (1 in N), got '" + value + "'");
    }
    return n;
  }

  /** Whether the event with this 1-based sequence number gets a record. */
  boolean sampled(long seq) {
    return sampleEvery == 1 || (sampleEvery > 1 && (seq - 1) % sampleEvery == 0);
  }
}
