package dev.ssewatch.core.stream;

/**
 * A live view of one open stream, for the proxy's {@code /streams} and live page.
 *
 * @param timeToFirstEventNanos -1 while no event has come
 * @param currentGapNanos time since the last bytes on the wire (heartbeats count)
 */
public record StreamSnapshot(
    String streamId,
    String method,
    String url,
    String route,
    int status,
    boolean eventStream,
    long startEpochMillis,
    long ageNanos,
    long events,
    long bytes,
    long comments,
    long heartbeats,
    long timeToFirstEventNanos,
    long currentGapNanos,
    long largestGapNanos,
    long alerts) {}
