package dev.ssewatch.proxy.admin.live;

import dev.ssewatch.core.risk.Alert;
import dev.ssewatch.core.stream.StreamSnapshot;
import dev.ssewatch.core.telemetry.GenAi;
import dev.ssewatch.core.telemetry.JsonLines;
import dev.ssewatch.core.telemetry.StreamEnd;
import dev.ssewatch.proxy.admin.GenAiJson;
import dev.ssewatch.proxy.admin.SnapshotJson;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The JSON of the live endpoint's messages. Built from metadata records only: none of these types
 * can reach event data, so none can leak it.
 */
final class LiveJson {

  private LiveJson() {}

  static String hello(long snapshotIntervalMillis, long heartbeatMillis) {
    return "{\"version\":1,\"snapshot_interval_ms\":"
        + snapshotIntervalMillis
        + ",\"heartbeat_ms\":"
        + heartbeatMillis
        + "}";
  }

  static String snapshot(
      List<StreamSnapshot> streams,
      long nowEpochMillis,
      long dropped,
      ToLongFunction<String> idleBudgetMillis,
      Function<String, GenAi> genAi) {
    StringBuilder b = new StringBuilder(128 + streams.size() * 360);
    b.append("{\"now_epoch_ms\":").append(nowEpochMillis);
    b.append(",\"dropped\":").append(dropped);
    b.append(",\"open\":").append(streams.size()).append(",\"streams\":[");
    for (int i = 0; i < streams.size(); i++) {
      StreamSnapshot s = streams.get(i);
      if (i > 0) {
        b.append(',');
      }
      SnapshotJson.appendStream(
          s, idleBudgetMillis.applyAsLong(s.route()), genAi.apply(s.streamId()), b);
    }
    return b.append("]}").toString();
  }

  /** One alert cause: its latest alert, with the stream and time of the latest, and its count. */
  static String alert(LiveCauses.Cause c) {
    Alert a = c.latest();
    StringBuilder b = new StringBuilder(320);
    b.append("{\"stream_id\":");
    JsonLines.appendString(c.latestStreamId(), b);
    b.append(",\"timestamp_ms\":").append(c.latestMillis());
    b.append(",\"route\":");
    JsonLines.appendString(c.route(), b);
    b.append(",\"count\":").append(c.count());
    b.append(",\"first_timestamp_ms\":").append(c.firstMillis());
    b.append(",\"kind\":");
    JsonLines.appendString(a.kind().wireName(), b);
    b.append(",\"rule\":");
    JsonLines.appendString(a.rule(), b);
    b.append(",\"severity\":");
    JsonLines.appendString(a.severity().wireName(), b);
    b.append(",\"evidence\":");
    JsonLines.appendString(a.evidence(), b);
    b.append(",\"advice\":");
    JsonLines.appendString(a.advice(), b);
    return b.append('}').toString();
  }

  static String streamEnd(StreamEnd e) {
    StringBuilder b = new StringBuilder(320);
    b.append("{\"stream_id\":");
    JsonLines.appendString(e.streamId(), b);
    b.append(",\"timestamp_ms\":").append(e.timestampMillis());
    b.append(",\"method\":");
    JsonLines.appendString(e.method(), b);
    b.append(",\"url\":");
    JsonLines.appendString(e.url(), b);
    b.append(",\"route\":");
    JsonLines.appendString(e.route(), b);
    b.append(",\"status\":").append(e.status());
    b.append(",\"event_stream\":").append(e.eventStream());
    b.append(",\"duration_ms\":");
    JsonLines.appendMillis(e.durationNanos(), b);
    b.append(",\"time_to_first_event_ms\":");
    JsonLines.appendMillis(e.timeToFirstEventNanos(), b);
    b.append(",\"events\":").append(e.events());
    b.append(",\"bytes\":").append(e.bytes());
    b.append(",\"heartbeats\":").append(e.heartbeats());
    b.append(",\"largest_gap_ms\":");
    JsonLines.appendMillis(e.largestGapNanos(), b);
    b.append(",\"close_reason\":");
    JsonLines.appendString(e.closeReason() == null ? null : e.closeReason().wireName(), b);
    GenAiJson.append(e.genAi(), b);
    return b.append('}').toString();
  }
}
