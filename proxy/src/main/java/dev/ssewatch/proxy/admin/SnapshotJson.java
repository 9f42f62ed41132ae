package dev.ssewatch.proxy.admin;

import dev.ssewatch.core.stream.StreamSnapshot;
import dev.ssewatch.core.telemetry.GenAi;
import dev.ssewatch.core.telemetry.JsonLines;

/**
 * One open stream's live metadata as a JSON object, shared by {@code /streams} and the live page's
 * feed so the two never disagree. Strings and durations follow the telemetry schema's conventions
 * ({@link JsonLines}); there is no field for event data because a snapshot has none.
 */
public final class SnapshotJson {

  private SnapshotJson() {}

  /**
   * Appends {@code s} as an object.
   *
   * @param idleBudgetMillis the stream's idle budget, or a negative value to leave the field out
   */
  public static void appendStream(StreamSnapshot s, long idleBudgetMillis, StringBuilder b) {
    appendStream(s, idleBudgetMillis, null, b);
  }

  /**
   * Appends {@code s} as an object, with the {@code genai} object of an LLM or MCP call.
   *
   * @param idleBudgetMillis the stream's idle budget, or a negative value to leave the field out
   * @param genAi what is known so far of the stream's LLM or MCP call, or null for none
   */
  public static void appendStream(
      StreamSnapshot s, long idleBudgetMillis, GenAi genAi, StringBuilder b) {
    b.append("{\"stream_id\":");
    JsonLines.appendString(s.streamId(), b);
    b.append(",\"method\":");
    JsonLines.appendString(s.method(), b);
    b.append(",\"url\":");
    JsonLines.appendString(s.url(), b);
    b.append(",\"route\":");
    JsonLines.appendString(s.route(), b);
    b.append(",\"status\":").append(s.status());
    b.append(",\"event_stream\":").append(s.eventStream());
    b.append(",\"start_epoch_ms\":").append(s.startEpochMillis());
    b.append(",\"age_ms\":");
    JsonLines.appendMillis(s.ageNanos(), b);
    b.append(",\"events\":").append(s.events());
    b.append(",\"bytes\":").append(s.bytes());
    b.append(",\"comments\":").append(s.comments());
    b.append(",\"heartbeats\":").append(s.heartbeats());
    b.append(",\"time_to_first_event_ms\":");
    JsonLines.appendMillis(s.timeToFirstEventNanos(), b);
    b.append(",\"current_gap_ms\":");
    JsonLines.appendMillis(s.currentGapNanos(), b);
    b.append(",\"largest_gap_ms\":");
    JsonLines.appendMillis(s.largestGapNanos(), b);
    if (idleBudgetMillis >= 0) {
      b.append(",\"idle_budget_ms\":").append(idleBudgetMillis);
    }
    b.append(",\"alerts\":").append(s.alerts());
    GenAiJson.append(genAi, b);
    b.append('}');
  }
}
