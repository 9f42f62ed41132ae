package dev.ssewatch.proxy.admin.live;

import dev.ssewatch.core.stream.StreamSnapshot;
import dev.ssewatch.core.telemetry.GenAi;
import dev.ssewatch.core.telemetry.Progress;
import dev.ssewatch.core.telemetry.StreamEnd;
import dev.ssewatch.core.telemetry.StreamStart;
import dev.ssewatch.core.telemetry.TelemetryRecord;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest GenAI facts of each open LLM or MCP stream, for the live page's snapshots: the request
 * side from {@code stream_start}, then what the stream has shown so far from each {@code progress}
 * record, forgotten at {@code stream_end}. Snapshots of the recorder carry no GenAI facts, so the
 * page learns them here, from records that have no field for content.
 */
final class LiveGenAi {

  /** Streams tracked at most; past it, a new stream's facts show only at its end. */
  static final int MAX_STREAMS = 10_000;

  private final Map<String, GenAi> open = new ConcurrentHashMap<>();

  /** Called on the proxy's event loops with every record; keeps only GenAI facts. */
  void accept(TelemetryRecord record) {
    if (record instanceof StreamStart s) {
      put(s.streamId(), s.genAi());
    } else if (record instanceof Progress p) {
      put(p.streamId(), p.genAi());
    } else if (record instanceof StreamEnd e) {
      open.remove(e.streamId());
    }
  }

  private void put(String streamId, GenAi g) {
    if (g == null || streamId == null) {
      return;
    }
    if (open.size() < MAX_STREAMS || open.containsKey(streamId)) {
      open.put(streamId, g);
    }
  }

  /** What is known of {@code streamId}'s call, or null. */
  GenAi get(String streamId) {
    return open.get(streamId);
  }

  /**
   * Forgets streams no longer open, whose end this never saw (a record dropped on the way): called
   * with each snapshot, and only walks the map when it holds more than the open streams.
   */
  void retainOpen(List<StreamSnapshot> streams) {
    if (open.size() <= streams.size()) {
      return;
    }
    Set<String> ids = new HashSet<>();
    for (StreamSnapshot s : streams) {
      ids.add(s.streamId());
    }
    open.keySet().retainAll(ids);
  }

  int size() {
    return open.size();
  }
}
