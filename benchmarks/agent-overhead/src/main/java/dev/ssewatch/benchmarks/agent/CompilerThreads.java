package dev.ssewatch.benchmarks.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Moves a server's JIT compiler threads to other CPUs. A server pinned to one core and saturated
 * shares that core between its serving threads and the compiler threads at equal weight, so C2 gets
 * a tenth of the core and works through its queue for tens of seconds: hot methods of the request
 * path were still compiled for the first time 30 s into a run. During the warm-up the compiler
 * threads run on the client's CPUs, and C2 is done in a few seconds; for the measuring window they
 * go back to the server's.
 */
final class CompilerThreads {

  private CompilerThreads() {}

  /** Pins every compiler thread of {@code pid} to {@code cpus}; returns how many it pinned. */
  static int pin(long pid, CpuList cpus) throws IOException, InterruptedException {
    int pinned = 0;
    try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      for (Path t : (Iterable<Path>) tasks::iterator) {
        String comm;
        try {
          comm = Files.readString(t.resolve("comm"));
        } catch (IOException gone) {
          continue;
        }
        if (!AgentOverhead.isCompilerThread(comm)) {
          continue;
        }
        Process taskset =
            new ProcessBuilder("taskset", "-p", "-c", cpus.toString(), t.getFileName().toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        // A compiler thread that ended meanwhile (they come and go with the queue) fails: fine.
        if (taskset.waitFor() == 0) {
          pinned++;
        }
      }
    }
    return pinned;
  }
}
