package dev.ssewatch.core.testing;

import dev.ssewatch.core.risk.Alert;
import dev.ssewatch.core.telemetry.AlertRecord;
import dev.ssewatch.core.telemetry.TelemetryRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A telemetry sink for tests: keeps every record it is given, in order, and hands out copies.
 * Thread-safe, so it can stand in for a dispatcher fed from event loops and ticker threads.
 */
public final class RecordingConsumer implements Consumer<TelemetryRecord> {

  private final List<TelemetryRecord> records = new ArrayList<>();

  @Override
  public synchronized void accept(TelemetryRecord record) {
    records.add(record);
  }

  /** Every record so far, oldest first. */
  public synchronized List<TelemetryRecord> all() {
    return List.copyOf(records);
  }

  /** The records of one type, oldest first. */
  public synchronized <T extends TelemetryRecord> List<T> ofType(Class<T> type) {
    List<T> out = new ArrayList<>();
    for (TelemetryRecord r : records) {
      if (type.isInstance(r)) {
        out.add(type.cast(r));
      }
    }
    return List.copyOf(out);
  }

  /** The only record of {@code type}; fails when there is none or more than one. */
  public synchronized <T extends TelemetryRecord> T single(Class<T> type) {
    List<T> found = ofType(type);
    if (found.size() != 1) {
      throw new AssertionError(
          "expected exactly one "
              + type.getSimpleName()
              + " but got "
              + found.size()
              + ": "
              + found);
    }
    return found.get(0);
  }

  /** The alerts carried by {@link AlertRecord}s, oldest first. */
  public synchronized List<Alert> alerts() {
    List<Alert> out = new ArrayList<>();
    for (TelemetryRecord r : records) {
      if (r instanceof AlertRecord a) {
        out.add(a.alert());
      }
    }
    return List.copyOf(out);
  }

  /** The {@code rule} of every alert, oldest first. */
  public synchronized List<String> alertRules() {
    List<String> out = new ArrayList<>();
    for (Alert a : alerts()) {
      out.add(a.rule());
    }
    return List.copyOf(out);
  }

  /** The record types ({@code stream_start}, {@code event}…) in order. */
  public synchronized List<String> recordTypes() {
    List<String> out = new ArrayList<>();
    for (TelemetryRecord r : records) {
      out.add(r.recordType());
    }
    return List.copyOf(out);
  }

  public synchronized int size() {
    return records.size();
  }

  /** Forgets everything recorded so far. */
  public synchronized void clear() {
    records.clear();
  }
}
