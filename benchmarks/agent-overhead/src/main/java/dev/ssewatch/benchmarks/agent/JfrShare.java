package dev.ssewatch.benchmarks.agent;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads the JFR profiles of {@code -Dbench.jfrDir} and prints, per group of server threads (names
 * with digits replaced, as {@code -Dbench.threads=true} groups them): the execution samples and how
 * many have an agent frame on the stack, the allocation samples' weight and the part of it with an
 * agent frame on the stack; then the JIT's compilations in the last {@code -Dbench.window=MS}
 * milliseconds of the recording (default 2,500: the paced phase, the last before the server stops).
 * A share of samples is load-resistant where CPU time is not: a loaded machine slows every frame
 * alike. Execution samples see Java code only, not a thread's time in the kernel.
 *
 * <p>Usage: {@code java -cp agent-overhead.jar dev.ssewatch.benchmarks.agent.JfrShare FILE.jfr...}
 */
public final class JfrShare {

  private JfrShare() {}

  public static void main(String[] args) throws IOException {
    long windowMillis = Long.getLong("bench.window", 2_500);
    for (String file : args) {
      print(Path.of(file), windowMillis);
    }
  }

  /**
   * Whether a frame of class {@code className} is the agent's: its own classes and the core it
   * carries, not the benchmark's applications, which share the package prefix.
   */
  static boolean isAgentFrame(String className) {
    return className.startsWith("dev.ssewatch.")
        && !className.startsWith("dev.ssewatch.benchmarks.");
  }

  /** A thread's group: its name with digits replaced. */
  static String group(String threadName) {
    return threadName == null ? "?" : threadName.replaceAll("[0-9]+", "N");
  }

  private static void print(Path file, long windowMillis) throws IOException {
    List<RecordedEvent> events = RecordingFile.readAllEvents(file);
    Instant end = Instant.EPOCH;
    for (RecordedEvent e : events) {
      if (e.getEndTime().isAfter(end)) {
        end = e.getEndTime();
      }
    }
    Instant from = end.minusMillis(windowMillis);
    // per group: samples, samples with an agent frame; allocated weight, agent's weight
    Map<String, long[]> byGroup = new TreeMap<>();
    long compilations = 0;
    Duration compiling = Duration.ZERO;
    for (RecordedEvent e : events) {
      switch (e.getEventType().getName()) {
        case "jdk.ExecutionSample" -> {
          long[] g = byGroup.computeIfAbsent(name(e.getThread("sampledThread")), k -> new long[4]);
          g[0]++;
          g[1] += hasAgentFrame(e.getStackTrace()) ? 1 : 0;
        }
        case "jdk.ObjectAllocationSample" -> {
          long[] g = byGroup.computeIfAbsent(name(e.getThread("eventThread")), k -> new long[4]);
          long weight = e.getLong("weight");
          g[2] += weight;
          g[3] += hasAgentFrame(e.getStackTrace()) ? weight : 0;
        }
        case "jdk.Compilation" -> {
          if (!e.getStartTime().isBefore(from)) {
            compilations++;
            compiling = compiling.plus(e.getDuration());
          }
        }
        default -> {
          // not read
        }
      }
    }
    System.out.println(file.getFileName());
    byGroup.forEach(
        (group, g) ->
            System.out.printf(
                Locale.ROOT,
                "  %s: execution samples %d, with an agent frame %d (%.1f %%); allocated %.1f MB,"
                    + " with an agent frame %.2f MB%n",
                group,
                g[0],
                g[1],
                g[0] == 0 ? 0.0 : 100.0 * g[1] / g[0],
                g[2] / 1e6,
                g[3] / 1e6));
    System.out.printf(
        Locale.ROOT,
        "  last %d ms: %d compilations, %d ms compiling (recorded with the jdk.Compilation"
            + " threshold of the settings)%n",
        windowMillis,
        compilations,
        compiling.toMillis());
  }

  private static String name(RecordedThread t) {
    if (t == null) {
      return "?";
    }
    return group(t.getJavaName() != null ? t.getJavaName() : t.getOSName());
  }

  private static boolean hasAgentFrame(RecordedStackTrace stack) {
    if (stack != null) {
      for (RecordedFrame f : stack.getFrames()) {
        if (f.isJavaFrame() && isAgentFrame(f.getMethod().getType().getName())) {
          return true;
        }
      }
    }
    return false;
  }
}
