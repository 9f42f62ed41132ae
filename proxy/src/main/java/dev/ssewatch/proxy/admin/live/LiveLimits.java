package dev.ssewatch.proxy.admin.live;

import java.time.Duration;

/**
 * How often the live endpoint speaks and how far a reader may fall behind.
 *
 * @param snapshotInterval between two snapshots of the open streams
 * @param heartbeat between two comment lines, so the endpoint itself never looks idle to a proxy
 * @param queueCapacity frames waiting per reader before new ones are dropped
 * @param stallTimeout how long a reader may take nothing while its frames are dropped before it is
 *     closed
 * @param recentAlerts alert causes kept, with their counts, and replayed to a reader that connects;
 *     the least recently raised is forgotten first
 * @param recentEnds stream ends replayed to a reader that connects
 * @param maxReaders readers at once; more are refused, so that readers' queues stay bounded too
 */
record LiveLimits(
    Duration snapshotInterval,
    Duration heartbeat,
    int queueCapacity,
    Duration stallTimeout,
    int recentAlerts,
    int recentEnds,
    int maxReaders) {

  static final LiveLimits DEFAULTS =
      new LiveLimits(
          Duration.ofSeconds(1), Duration.ofSeconds(10), 256, Duration.ofSeconds(30), 50, 20, 32);
}
