package dev.ssewatch.benchmarks.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * {@code -Dbench.fullSpeedOnly=true}: the throughput loss at full speed without per-event records,
 * measured so that the noise can be smaller than the 3 % target.
 *
 * <ul>
 *   <li>The server runs alone on its cores ({@code bench.serverCpus}, default the machine's last
 *       CPU) and the harness, whose {@link LeanClient} reads every stream on one thread, is pinned
 *       to the others ({@code bench.clientCpus}, default the rest): the server is the bottleneck,
 *       and what the agent costs it is not shared with the client.
 *   <li>Every launch is a fresh server JVM, since the JIT's outcome differs from launch to launch;
 *       {@code bench.launches} per side (default 10), the sides alternating in turns whose order
 *       reverses every turn (A B, B A, ...), so that a drift of the machine falls on both alike.
 *   <li>Each launch reads its streams for {@code bench.warmupSeconds} (default 20) first,
 *       unmeasured, and on in slices of 5 s until one compiles at most {@code
 *       bench.settledCompilations} methods (default 25; at most {@code bench.maxWarmupSeconds},
 *       default 60), counted in the server's {@code -Xlog:jit+compilation} log and printed per
 *       slice, then measures for {@code bench.windowSeconds} (default 10), the compiler threads on
 *       the client's CPUs during the warm-up and on the server's in the window ({@link
 *       CompilerThreads}; {@code -Dbench.jitApart=false} leaves them on the server's): events/s
 *       read by the client, the server's CPU per event ({@code utime + stime} of {@code
 *       /proc/PID/stat}), how busy the server's and the client's cores were ({@code /proc/stat}),
 *       the compilations and the compiler threads' share in the window; {@code bench.jitLogDir=DIR}
 *       keeps each launch's compilation log there.
 *   <li>Each agent launch is paired with the launch without the agent of the same turn; the loss is
 *       the median of the paired losses with a distribution-free 95 % interval ({@link
 *       MedianInterval}), and the {@link LossVerdict} is read from the interval. {@code
 *       -Dbench.againstItself=true} pairs the side without the agent with itself instead: what that
 *       shows as a loss is the method's own noise on this machine.
 * </ul>
 */
final class FullSpeed {

  /** Throughput loss at full speed without per-event records, in %. */
  static final double TARGET_LOSS = 3.0;

  /** Confidence of the interval of the median paired loss. */
  static final double CONFIDENCE = 0.95;

  /** The warm-up's compilations are counted per slice of this length. */
  private static final long SLICE_NANOS = TimeUnit.SECONDS.toNanos(5);

  /** Below this share of its cores the server was not the bottleneck. */
  private static final double SATURATED = 0.95;

  /** Above this share of its cores the client may have held the server back. */
  private static final double CLIENT_BUSY = 0.8;

  /**
   * {@code bench.jitApart} (default true): the compiler threads on the client's CPUs during the
   * warm-up ({@link CompilerThreads}).
   */
  private static final boolean JIT_APART =
      Boolean.parseBoolean(System.getProperty("bench.jitApart", "true"));

  /** {@code bench.clientPollMicros} (default 200): how often the client reads every stream. */
  private static final long POLL_NANOS =
      TimeUnit.MICROSECONDS.toNanos(Long.getLong("bench.clientPollMicros", 200));

  /**
   * {@code bench.settledCompilations} (default 25): the JIT is taken as settled once a 5-s slice of
   * the warm-up compiles no more (one where it had not went on to compile hundreds of methods in
   * the window).
   */
  private static final long SETTLED = Long.getLong("bench.settledCompilations", 25);

  /** {@code bench.maxWarmupSeconds} (default 60): the warm-up's end whether settled or not. */
  private static final long MAX_WARMUP_NANOS =
      TimeUnit.SECONDS.toNanos(Long.getLong("bench.maxWarmupSeconds", 60));

  private FullSpeed() {}

  /** The figures of one launch's measuring window. */
  record Launch(
      double eventsPerSecond,
      double cpuMicrosPerEvent,
      double kernelMicrosPerEvent,
      double serverCores,
      double serverCoreBusyPercent,
      double clientCores,
      double clientCoreBusyPercent,
      long compilationsInWindow,
      double jitPercentOfServerCpu,
      double bytesPerEvent,
      List<Long> warmupCompilations) {

    /** Whether the warm-up's last slice compiled no more than {@link #SETTLED} methods. */
    boolean settled() {
      return !warmupCompilations.isEmpty()
          && warmupCompilations.get(warmupCompilations.size() - 1) <= SETTLED;
    }
  }

  /** What is read at the start and at the end of the window. */
  private record Snapshot(
      long nanos,
      long events,
      long bytes,
      long serverTicks,
      long serverKernelTicks,
      long jitTicks,
      long clientTicks,
      CoreTimes serverCores,
      CoreTimes clientCores,
      long compilations) {

    static Snapshot take(Process p, LeanClient c, JitLog jit, CpuList server, CpuList client)
        throws IOException {
      // The counts the rate is made of first, together; the rest is read within a few ms.
      long nanos = System.nanoTime();
      long events = c.events();
      String stat = Files.readString(Path.of("/proc/" + p.pid() + "/stat"));
      long clientTicks = AgentOverhead.cpuTicks(ProcessHandle.current().pid());
      return new Snapshot(
          nanos,
          events,
          c.bodyBytes(),
          AgentOverhead.cpuTicks(stat),
          AgentOverhead.systemTicks(stat),
          AgentOverhead.jitTicks(p.pid()),
          clientTicks,
          CoreTimes.read(server),
          CoreTimes.read(client),
          jit.lines());
    }
  }

  static void run(String agentJar, String otherJar, List<String> agentArgs, int streams)
      throws Exception {
    int launches = Integer.getInteger("bench.launches", 10);
    int warmupSeconds = Integer.getInteger("bench.warmupSeconds", 20);
    int windowSeconds = Integer.getInteger("bench.windowSeconds", 10);
    if (launches < 1 || warmupSeconds < 0 || windowSeconds < 1) {
      throw new IllegalArgumentException(
          "bench.launches >= 1, bench.warmupSeconds >= 0, bench.windowSeconds >= 1");
    }
    CpuList[] cpus = pinClient();
    CpuList server = cpus[0];
    CpuList client = cpus[1];
    List<String> none = new ArrayList<>(agentArgs);
    none.add("-Dssewatch.events.sample=none");
    List<AgentOverhead.Side> sides = new ArrayList<>();
    sides.add(new AgentOverhead.Side("without agent", null, List.of()));
    if (Boolean.getBoolean("bench.againstItself")) {
      // The side without the agent against itself: the loss it shows is the method's noise.
      sides.add(new AgentOverhead.Side("without agent, again", null, List.of()));
    } else {
      sides.add(new AgentOverhead.Side("with agent, events.sample=none", agentJar, none));
    }
    if (otherJar != null && !otherJar.isBlank()) {
      sides.add(
          new AgentOverhead.Side("with " + otherJar + ", events.sample=none", otherJar, none));
    }
    System.out.printf(
        Locale.ROOT,
        "full speed, %s: %d streams; server on CPU %s, the harness and its client on CPU %s; %d"
            + " launches per side, a fresh JVM each, alternating; warm-up %d s or more, until a 5-s"
            + " slice compiles at most %d methods (%d s at most), the compiler threads %s; window"
            + " %d s; the client reads every %d us; agent args [%s]%n%n",
        AgentOverhead.appName(),
        streams,
        server,
        client,
        launches,
        warmupSeconds,
        SETTLED,
        TimeUnit.NANOSECONDS.toSeconds(MAX_WARMUP_NANOS),
        JIT_APART ? "on the client's CPU meanwhile" : "on the server's",
        windowSeconds,
        TimeUnit.NANOSECONDS.toMicros(POLL_NANOS),
        String.join(" ", agentArgs));
    Launch[][] byTurn = new Launch[launches][sides.size()];
    for (int t = 0; t < launches; t++) {
      for (int k = 0; k < sides.size(); k++) {
        // Forward on even turns, backward on odd ones.
        int i = t % 2 == 0 ? k : sides.size() - 1 - k;
        AgentOverhead.Side side = sides.get(i);
        byTurn[t][i] =
            launch(
                t + 1,
                side,
                streams,
                TimeUnit.SECONDS.toNanos(warmupSeconds),
                TimeUnit.SECONDS.toNanos(windowSeconds),
                server,
                client);
        System.out.println(line(t + 1, side.name(), byTurn[t][i], server.size(), client.size()));
      }
    }
    System.out.println();
    printSides(sides, byTurn);
    printPaired(sides, byTurn);
  }

  /**
   * The server's and the client's CPUs, and the harness (all its threads, the client's among them)
   * pinned to the client's.
   */
  private static CpuList[] pinClient() throws IOException, InterruptedException {
    CpuList online = CpuList.parse(Files.readString(Path.of("/sys/devices/system/cpu/online")));
    CpuList allowed = CpuList.parse(statusField("Cpus_allowed_list"));
    String s = System.getProperty("bench.serverCpus", "");
    String c = System.getProperty("bench.clientCpus", "");
    CpuList server = s.isBlank() ? online.last() : CpuList.parse(s);
    CpuList client = c.isBlank() ? allowed.without(server) : CpuList.parse(c);
    if (client == null) {
      throw new IllegalArgumentException(
          "full speed needs a CPU for the client besides the server's ("
              + server
              + "): set bench.serverCpus and bench.clientCpus");
    }
    if (client.overlaps(server)) {
      throw new IllegalArgumentException(
          "bench.clientCpus " + client + " overlaps bench.serverCpus " + server);
    }
    // Read by AgentOverhead.start for every server launch.
    System.setProperty("bench.serverCpus", server.toString());
    long pid = ProcessHandle.current().pid();
    Process taskset =
        new ProcessBuilder("taskset", "-a", "-p", "-c", client.toString(), Long.toString(pid))
            .redirectErrorStream(true)
            .start();
    String out = new String(taskset.getInputStream().readAllBytes()).strip();
    if (taskset.waitFor() != 0) {
      throw new IOException("taskset could not pin the harness to " + client + ": " + out);
    }
    CpuList now = CpuList.parse(statusField("Cpus_allowed_list"));
    if (!now.equals(client)) {
      throw new IOException("the harness runs on CPU " + now + ", not " + client);
    }
    return new CpuList[] {server, client};
  }

  private static String statusField(String name) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith(name + ":")) {
        return line.substring(name.length() + 1).strip();
      }
    }
    throw new IOException("no " + name + " in /proc/self/status");
  }

  private static Launch launch(
      int turn,
      AgentOverhead.Side side,
      int streams,
      long warmupNanos,
      long windowNanos,
      CpuList server,
      CpuList client)
      throws Exception {
    Path telemetry = Files.createTempFile("bench", ".jsonl");
    Path jitFile = Files.createTempFile("bench-jit", ".log");
    JitLog jit = new JitLog(jitFile);
    Process p = AgentOverhead.start(side, telemetry, null, List.of(jit.option()));
    try {
      int port = AgentOverhead.awaitReady(p, side, System.nanoTime()).port();
      try (LeanClient c = LeanClient.open(port, streams, POLL_NANOS)) {
        List<Long> warmup = new ArrayList<>();
        long start = System.nanoTime();
        long compiled = jit.lines();
        long last = Long.MAX_VALUE;
        // At least the warm-up, then on until a slice compiles no more than SETTLED methods.
        for (long at = start;
            at - start < warmupNanos || (last > SETTLED && at - start < MAX_WARMUP_NANOS); ) {
          if (JIT_APART) {
            // Every slice: compiler threads come and go with the compiler's queue.
            CompilerThreads.pin(p.pid(), client);
          }
          at += SLICE_NANOS;
          c.readUntil(at);
          long now = jit.lines();
          last = now - compiled;
          warmup.add(last);
          compiled = now;
        }
        if (JIT_APART) {
          CompilerThreads.pin(p.pid(), server);
        }
        Snapshot s0 = Snapshot.take(p, c, jit, server, client);
        c.readUntil(s0.nanos() + windowNanos);
        Snapshot s1 = Snapshot.take(p, c, jit, server, client);
        double seconds = (s1.nanos() - s0.nanos()) / 1e9;
        long events = s1.events() - s0.events();
        long serverTicks = s1.serverTicks() - s0.serverTicks();
        if (events == 0) {
          throw new IOException(side.name() + ": no events in the window");
        }
        return new Launch(
            events / seconds,
            serverTicks * 10_000.0 / events,
            (s1.serverKernelTicks() - s0.serverKernelTicks()) * 10_000.0 / events,
            serverTicks / 100.0 / seconds,
            s1.serverCores().busyPercentSince(s0.serverCores()),
            (s1.clientTicks() - s0.clientTicks()) / 100.0 / seconds,
            s1.clientCores().busyPercentSince(s0.clientCores()),
            s1.compilations() - s0.compilations(),
            serverTicks == 0 ? 0 : 100.0 * (s1.jitTicks() - s0.jitTicks()) / serverTicks,
            (double) (s1.bytes() - s0.bytes()) / events,
            warmup);
      }
    } finally {
      p.destroy();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        // A server still shutting down would take the next launch's core.
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      Files.deleteIfExists(telemetry);
      String keep = System.getProperty("bench.jitLogDir", "");
      if (keep.isBlank()) {
        Files.deleteIfExists(jitFile);
      } else {
        // Kept to see what the JIT compiled when, per side and turn.
        Files.move(
            jitFile,
            Files.createDirectories(Path.of(keep))
                .resolve(
                    "jit-" + side.name().replaceAll("[^A-Za-z0-9]+", "-") + "-" + turn + ".log"),
            StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  /** One launch as it ends, with what says whether the server was the bottleneck. */
  static String line(int turn, String side, Launch l, int serverCpus, int clientCpus) {
    StringBuilder warm = new StringBuilder();
    for (long n : l.warmupCompilations()) {
      warm.append(warm.length() == 0 ? "" : " ").append(n);
    }
    String flags = "";
    if (l.serverCores() < SATURATED * serverCpus) {
      flags += "; SERVER NOT SATURATED";
    }
    if (!l.settled()) {
      flags += "; JIT NOT SETTLED";
    }
    if (l.clientCores() > CLIENT_BUSY * clientCpus) {
      flags += "; CLIENT BUSY";
    }
    return String.format(
        Locale.ROOT,
        "turn %d, %s: %.0f events/s, %.2f us server CPU per event (kernel %.2f), %.0f bytes per"
            + " event; server"
            + " %.2f cores (its cores %.0f %% busy), client %.2f cores (its cores %.0f %% busy);"
            + " compilations per 5 s of warm-up [%s], in the window %d, compiler threads %.1f %%"
            + " of the server's CPU%s",
        turn,
        side,
        l.eventsPerSecond(),
        l.cpuMicrosPerEvent(),
        l.kernelMicrosPerEvent(),
        l.bytesPerEvent(),
        l.serverCores(),
        l.serverCoreBusyPercent(),
        l.clientCores(),
        l.clientCoreBusyPercent(),
        warm,
        l.compilationsInWindow(),
        l.jitPercentOfServerCpu(),
        flags);
  }

  private static void printSides(List<AgentOverhead.Side> sides, Launch[][] byTurn) {
    System.out.printf(
        Locale.ROOT,
        "per side, median (min to max) of %d launches%n%n"
            + "| side | events/s | spread (%% of median) | server CPU per event (us) | of which"
            + " kernel (us) | server cores | server's cores busy (%%) | client cores | compilations"
            + " in the window |%n"
            + "|---|---|---|---|---|---|---|---|---|%n",
        byTurn.length);
    for (int i = 0; i < sides.size(); i++) {
      Spread rate = Spread.of(column(byTurn, i, Launch::eventsPerSecond));
      System.out.printf(
          Locale.ROOT,
          "| %s | %s | %.1f | %s | %s | %s | %s | %s | %s |%n",
          sides.get(i).name(),
          range(rate, "%.0f"),
          rate.widthPercentOfMedian(),
          range(Spread.of(column(byTurn, i, Launch::cpuMicrosPerEvent)), "%.2f"),
          range(Spread.of(column(byTurn, i, Launch::kernelMicrosPerEvent)), "%.2f"),
          range(Spread.of(column(byTurn, i, Launch::serverCores)), "%.2f"),
          range(Spread.of(column(byTurn, i, Launch::serverCoreBusyPercent)), "%.0f"),
          range(Spread.of(column(byTurn, i, Launch::clientCores)), "%.2f"),
          range(Spread.of(column(byTurn, i, l -> l.compilationsInWindow())), "%.0f"));
    }
  }

  private static void printPaired(List<AgentOverhead.Side> sides, Launch[][] byTurn) {
    System.out.printf(
        Locale.ROOT,
        "%npaired by turn, each agent launch against the launch without the agent of the same"
            + " turn: the median and its %.0f %% interval (the k-th smallest to the k-th largest"
            + " pair by rank, distribution-free); target: loss <= %.0f %%. The loss is read from"
            + " the events/s; the loss the server's CPU per event implies (1 - without / with)"
            + " is what it would be on a core the server had to itself%n%n"
            + "| side | figure | median | interval | verdict | by turn |%n"
            + "|---|---|---|---|---|---|%n",
        100 * CONFIDENCE,
        TARGET_LOSS);
    double[] rate0 = column(byTurn, 0, Launch::eventsPerSecond);
    double[] cpu0 = column(byTurn, 0, Launch::cpuMicrosPerEvent);
    for (int i = 1; i < sides.size(); i++) {
      double[] rate = column(byTurn, i, Launch::eventsPerSecond);
      double[] cpu = column(byTurn, i, Launch::cpuMicrosPerEvent);
      double[] losses = new double[rate.length];
      double[] cpuLosses = new double[rate.length];
      double[] added = new double[rate.length];
      for (int t = 0; t < rate.length; t++) {
        losses[t] = 100 * (1 - rate[t] / rate0[t]);
        cpuLosses[t] = 100 * (1 - cpu0[t] / cpu[t]);
        added[t] = cpu[t] - cpu0[t];
      }
      String name = sides.get(i).name();
      lossRow(name, "throughput loss (%)", losses);
      lossRow(name, "loss implied by the server's CPU per event (%)", cpuLosses);
      MedianInterval more = MedianInterval.of(added, CONFIDENCE);
      System.out.printf(
          Locale.ROOT,
          "| %s | added server CPU per event (us) | %+.2f | %s | | %s |%n",
          name,
          more.median(),
          interval(more, "%+.2f"),
          byTurn(added, "%+.2f"));
    }
  }

  private static void lossRow(String side, String figure, double[] losses) {
    MedianInterval loss = MedianInterval.of(losses, CONFIDENCE);
    System.out.printf(
        Locale.ROOT,
        "| %s | %s | %.1f | %s | %s | %s |%n",
        side,
        figure,
        loss.median(),
        interval(loss, "%.1f"),
        LossVerdict.of(loss, TARGET_LOSS).text(loss),
        byTurn(losses, "%.1f"));
  }

  private static String byTurn(double[] values, String format) {
    StringBuilder out = new StringBuilder();
    for (double v : values) {
      out.append(out.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, format, v));
    }
    return out.toString();
  }

  /** An interval as printed: its ends, which pairs they are and what they cover. */
  static String interval(MedianInterval m, String format) {
    if (!m.resolved()) {
      return String.format(
          Locale.ROOT, "none: %d pairs cover %.1f %% at most", m.n(), 100 * m.coverage());
    }
    return String.format(
        Locale.ROOT,
        format + " to " + format + " (ranks %d and %d of %d, coverage %.1f %%)",
        m.low(),
        m.high(),
        m.rank(),
        m.n() + 1 - m.rank(),
        m.n(),
        100 * m.coverage());
  }

  private static String range(Spread s, String format) {
    return String.format(
        Locale.ROOT, format + " (" + format + " to " + format + ")", s.median(), s.min(), s.max());
  }

  private static double[] column(Launch[][] byTurn, int side, ToDoubleFunction<Launch> value) {
    double[] out = new double[byTurn.length];
    for (int t = 0; t < byTurn.length; t++) {
      out[t] = value.applyAsDouble(byTurn[t][side]);
    }
    return out;
  }
}
