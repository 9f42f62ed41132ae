package dev.ssewatch.proxy.admin;

import dev.ssewatch.core.stream.StreamSnapshot;
import java.util.List;

/** The {@code /streams} document: metadata of every open stream, never event data. */
final class StreamsJson {

  private StreamsJson() {}

  static String write(List<StreamSnapshot> snapshots, long nowNanos) {
    StringBuilder b = new StringBuilder(256 + snapshots.size() * 320);
    b.append("{\"open\":").append(snapshots.size()).append(",\"streams\":[");
    for (int i = 0; i < snapshots.size(); i++) {
      StreamSnapshot s = snapshots.get(i);
      if (i > 0) {
        b.append(',');
      }
      SnapshotJson.appendStream(s, -1, b);
    }
    return b.append("]}\n").toString();
  }
}
