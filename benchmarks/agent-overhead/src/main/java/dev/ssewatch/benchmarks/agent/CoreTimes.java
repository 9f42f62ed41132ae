package dev.ssewatch.benchmarks.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Busy and total clock ticks of a set of CPUs from {@code /proc/stat}, whoever ran on them: over a
 * window, whether the server's core was saturated, whether the client's was not, and whether
 * something besides the server took the server's core.
 */
record CoreTimes(long busy, long total) {

  static CoreTimes read(CpuList cpus) throws IOException {
    return of(Files.readString(Path.of("/proc/stat")), cpus);
  }

  /**
   * From the text of {@code /proc/stat}: per {@code cpuN} line, user nice system idle iowait irq
   * softirq steal (guest time is already in user); busy is all but idle and iowait.
   */
  static CoreTimes of(String procStat, CpuList cpus) {
    long busy = 0;
    long total = 0;
    for (String line : procStat.split("\n")) {
      if (!line.startsWith("cpu") || line.startsWith("cpu ")) {
        continue;
      }
      String[] f = line.strip().split(" +");
      int cpu = Integer.parseInt(f[0].substring(3));
      if (!cpus.cpus().get(cpu)) {
        continue;
      }
      long all = 0;
      for (int i = 1; i <= Math.min(8, f.length - 1); i++) {
        all += Long.parseLong(f[i]);
      }
      long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
      busy += all - idle;
      total += all;
    }
    return new CoreTimes(busy, total);
  }

  /** Busy share between {@code before} and this, in % of the set's time. */
  double busyPercentSince(CoreTimes before) {
    long t = total - before.total;
    return t <= 0 ? Double.NaN : 100.0 * (busy - before.busy) / t;
  }
}
