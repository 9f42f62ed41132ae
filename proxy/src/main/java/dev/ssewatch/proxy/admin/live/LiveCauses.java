package dev.ssewatch.proxy.admin.live;

import dev.ssewatch.core.risk.Alert;
import dev.ssewatch.core.telemetry.AlertRecord;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The live page's alerts, one per cause (route, rule, severity) with its count and latest stream,
 * the way the exported telemetry groups them: a route whose every stream raises the same alert is
 * one row, not a thousand. Counts every alert the proxy raises, whatever the export does with it.
 * At most {@code max} causes, the least recently raised forgotten first. Thread-safe: alerts come
 * from every event loop.
 */
final class LiveCauses {

  /** One cause's state; a snapshot is taken under the lock, so readers never see it move. */
  record Cause(
      String route,
      Alert latest,
      String latestStreamId,
      long latestMillis,
      long firstMillis,
      long count) {}

  private record Key(String route, String rule, String severity) {}

  private final int max;
  private final LinkedHashMap<Key, Cause> causes = new LinkedHashMap<>();

  LiveCauses(int max) {
    this.max = Math.max(1, max);
  }

  /** Counts one alert; returns its cause as it is now. */
  synchronized Cause add(AlertRecord r) {
    Alert a = r.alert();
    Key key = new Key(r.route(), a.rule(), a.severity().wireName());
    // Removed and put back: the map stays ordered by when each cause was last raised.
    Cause was = causes.remove(key);
    Cause now =
        new Cause(
            r.route(),
            a,
            r.streamId(),
            r.timestampMillis(),
            was == null ? r.timestampMillis() : was.firstMillis(),
            was == null ? 1 : was.count() + 1);
    causes.put(key, now);
    if (causes.size() > max) {
      Iterator<Cause> oldest = causes.values().iterator();
      oldest.next();
      oldest.remove();
    }
    return now;
  }

  /** Every cause kept, least recently raised first. */
  synchronized List<Cause> all() {
    return new ArrayList<>(causes.values());
  }
}
