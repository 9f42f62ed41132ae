package dev.ssewatch.proxy;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * Whether the process may open enough file descriptors for the connection limit: every client
 * connection takes one, its backend connection another, and the JVM, the listeners, the event loops
 * and the admin connections some more.
 */
public final class DescriptorLimit {

  /** Descriptors kept for the JVM's own files, the listeners, event loops and admin connections. */
  static final long RESERVE = 512;

  private DescriptorLimit() {}

  /** The process's descriptor limit ({@code ulimit -n}), or -1 where the JVM cannot tell. */
  public static long current() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof UnixOperatingSystemMXBean unix ? unix.getMaxFileDescriptorCount() : -1;
  }

  /** Descriptors {@code maxConnections} client connections and their backends need. */
  public static long needed(int maxConnections) {
    return 2L * maxConnections + RESERVE;
  }

  /** A warning when {@code limit} is too low for {@code maxConnections}, else {@code null}. */
  public static String warning(long limit, int maxConnections) {
    if (limit < 0 || limit >= needed(maxConnections)) {
      return null;
    }
    return "the file descriptor limit ("
        + limit
        + ") is low for --max-connections "
        + maxConnections
        + ": each stream takes two descriptors, so about "
        + needed(maxConnections)
        + " are needed. Raise it (ulimit -n, LimitNOFILE=) or lower --max-connections to "
        + Math.max(1, (limit - RESERVE) / 2)
        + "; at the limit the proxy pauses accepting and /healthz says not ok";
  }
}
