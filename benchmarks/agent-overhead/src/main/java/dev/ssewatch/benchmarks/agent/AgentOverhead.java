package dev.ssewatch.benchmarks.agent;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleFunction;
import java.util.function.ToDoubleFunction;

/**
 * Runs {@link BenchServer} three ways, without {@code -javaagent}, with it, and with it and {@code
 * -Dssewatch.events.sample=none}, under the same loads (concurrent streams read with {@code
 * java.net.http.HttpClient}), and prints for each: throughput at full speed, per-event latency p50,
 * CPU per event (from {@code /proc/PID/stat}) at full speed and at a fixed paced load (there also
 * without the JIT's compiler threads, from {@code /proc/PID/task}), each the best of the rounds;
 * below them, each agent side against the run without the agent in the same round (median and range
 * of the per-round differences, the spread of the side without the agent, and a {@link Verdict});
 * then startup times without and with the agent: to the server's LISTENING (the application's
 * startup) and to the agent's ready line, with the server's CPU (main thread and process) and the
 * classes loaded from the agent's jar by LISTENING; {@code -Dbench.otherAgentJar=JAR} adds a side
 * with another build of the agent, both ways (and at startup); {@code -Dbench.serverCpus=LIST} runs
 * every server under {@code taskset -c LIST} (start the harness under {@code taskset -c OTHER} to
 * keep client and server apart); {@code -Dbench.jvmArgs="..."} adds JVM options to every server
 * side alike; {@code -Dbench.jfrDir=DIR} records a JFR profile ({@code settings=profile}, or the
 * settings file {@code -Dbench.jfrSettings=FILE.jfc}) of every loaded server run there, and {@code
 * -Dbench.threads=true} prints each run's full-speed and paced CPU per event by server thread and
 * the telemetry records the agent dropped; {@code -Dbench.warmups=N} runs N warm-up loads (default
 * 1) before each measured load. Every load waits for the agent's line. {@code
 * -Dbench.app=tomcat|spring-mvc|spring-webflux} picks the measured server ({@link App}); below the
 * paired table, the figures that have a target are checked against it ({@link TargetCheck}). {@code
 * -Dbench.fullSpeedOnly=true} runs the full-speed measurement of {@link FullSpeed} alone, in fresh
 * server launches, with its own properties.
 *
 * <p>Usage: {@code java [-Dbench.agentArgs="-Dssewatch.x=y ..."] [-Dbench.paced=STREAMSxRATE]
 * [-Dbench.pacedSeconds=S] [-Dbench.startups=N (0: none)] [-Dbench.startupOnly=true]
 * [-Dbench.otherAgentJar=JAR] [-Dbench.serverCpus=LIST] [-Dbench.jvmArgs="-XX:... ..."]
 * [-Dbench.jfrDir=DIR] [-Dbench.jfrSettings=FILE.jfc] [-Dbench.threads=true] [-Dbench.warmups=N]
 * [-Dbench.app=NAME] [-Dbench.appJar=JAR] -jar agent-overhead.jar [agentJar] [streams]
 * [eventsPerStream] [rounds]}; {@code bench.paced} defaults to {@code 8x1000} (8 streams of 1,000
 * events/s each), {@code 0} turns the paced phase off; the verdicts need at least three rounds (the
 * default).
 */
public final class AgentOverhead {

  /** One event per millisecond per stream in the latency phase. */
  private static final long PACED_PAUSE_NANOS = 1_000_000;

  /**
   * {@code bench.warmups}: warm-up loads before measuring (of a quarter of the events each before
   * the full-speed phase, of the paced load before the paced phase).
   */
  private static final int WARMUPS = Integer.getInteger("bench.warmups", 1);

  /** {@code bench.threads}: print the full-speed and paced CPU per event by server thread. */
  private static final boolean THREADS = Boolean.getBoolean("bench.threads");

  /** {@code bench.app}: the measured server. */
  private static final App APP = App.fromProperties();

  /** Server runs so far, numbering the profiles of {@code bench.jfrDir}. */
  private static int jfrRuns;

  private AgentOverhead() {}

  public static void main(String[] args) throws Exception {
    String agentJar = args.length > 0 ? args[0] : "agent/target/ssewatch-agent.jar";
    int streams = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    int events = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    if (!new File(agentJar).isFile()) {
      throw new IllegalArgumentException("no agent jar at " + agentJar + "; build it first");
    }
    if (Boolean.getBoolean("bench.fullSpeedOnly")) {
      FullSpeed.run(agentJar, System.getProperty("bench.otherAgentJar", ""), agentArgs(), streams);
      return;
    }
    Paced paced = Paced.parse(System.getProperty("bench.paced", "8x1000"));
    int pacedSeconds = Integer.parseInt(System.getProperty("bench.pacedSeconds", "5"));
    List<String> agentArgs = agentArgs();
    List<String> sampleNone = new ArrayList<>(agentArgs);
    sampleNone.add("-Dssewatch.events.sample=none");
    List<Side> loadSides = new ArrayList<>();
    loadSides.add(new Side("without agent", null, List.of()));
    loadSides.add(new Side("with agent", agentJar, agentArgs));
    loadSides.add(new Side("with agent, events.sample=none", agentJar, sampleNone));
    List<Side> startupSides = new ArrayList<>(loadSides.subList(0, 2));
    // Another build of the agent (the one before a change) alternated in the same sitting, under
    // load as well, both ways.
    String otherJar = System.getProperty("bench.otherAgentJar", "");
    if (!otherJar.isBlank()) {
      Side other = new Side("with " + otherJar, otherJar, agentArgs);
      loadSides.add(other);
      loadSides.add(new Side("with " + otherJar + ", events.sample=none", otherJar, sampleNone));
      startupSides.add(other);
    }
    Side[] sides = loadSides.toArray(new Side[0]);
    int startups = Integer.parseInt(System.getProperty("bench.startups", "3"));
    if (!Boolean.getBoolean("bench.startupOnly")) {
      Result[] best = new Result[sides.length];
      Result[][] byRound = new Result[rounds][sides.length];
      // Alternate, so that machine noise spreads over all sides, and so that the runs of one round
      // can be compared with each other.
      for (int r = 0; r < rounds; r++) {
        for (int i = 0; i < sides.length; i++) {
          byRound[r][i] = run(sides[i], streams, events, paced, pacedSeconds);
          best[i] = Result.better(best[i], byRound[r][i]);
        }
      }
      print(streams, events, rounds, paced, pacedSeconds, sides, best);
      printPaired(paced, sides, byRound);
    }
    if (startups > 0) {
      Side[] st = startupSides.toArray(new Side[0]);
      printStartup(st, startups(st, startups), startups);
    }
  }

  /** The measured server's name. */
  static String appName() {
    return APP.name();
  }

  /** One way of starting the server: which agent jar (or none) and which system properties. */
  record Side(String name, String agentJar, List<String> args) {}

  /** The fixed load: {@code streams} streams of {@code perSecond} events per second each. */
  record Paced(int streams, int perSecond) {
    static Paced parse(String s) {
      if (s.equals("0")) {
        return null;
      }
      int x = s.indexOf('x');
      if (x < 0) {
        throw new IllegalArgumentException("bench.paced: expected STREAMSxRATE, got " + s);
      }
      return new Paced(Integer.parseInt(s.substring(0, x)), Integer.parseInt(s.substring(x + 1)));
    }

    long pauseNanos() {
      return 1_000_000_000L / perSecond;
    }
  }

  /**
   * The figures of one run, or, from {@link #better}, the best of the rounds for each figure: the
   * least disturbed measurement of each side. The paced figures are {@code NaN} when the paced
   * phase is off; {@code pacedCpuWithoutJitNanosPerEvent} leaves out the JIT's compiler threads.
   */
  record Result(
      double eventsPerSecond,
      double p50Micros,
      double cpuNanosPerEvent,
      double pacedEventsPerSecond,
      double pacedCpuNanosPerEvent,
      double pacedCpuWithoutJitNanosPerEvent) {
    static Result better(Result a, Result b) {
      if (a == null) {
        return b;
      }
      return new Result(
          Math.max(a.eventsPerSecond, b.eventsPerSecond),
          Math.min(a.p50Micros, b.p50Micros),
          Math.min(a.cpuNanosPerEvent, b.cpuNanosPerEvent),
          Math.max(a.pacedEventsPerSecond, b.pacedEventsPerSecond),
          Math.min(a.pacedCpuNanosPerEvent, b.pacedCpuNanosPerEvent),
          Math.min(a.pacedCpuWithoutJitNanosPerEvent, b.pacedCpuWithoutJitNanosPerEvent));
    }
  }

  private static Result run(Side side, int streams, int events, Paced paced, int pacedSeconds)
      throws Exception {
    Path telemetry = Files.createTempFile("bench", ".jsonl");
    Process p = start(side, telemetry);
    try {
      // The load only starts once the agent's ready line is there as well, so that every phase is
      // measured with the agent in place whatever the agent under test does at startup.
      int port = awaitReady(p, side, System.nanoTime()).port();
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      // Warm-up: JIT on both sides. Every load opens new streams, and a stream's first bytes take
      // branches the compiled write path has not seen yet: more than one warm-up lets those
      // recompilations happen before the measurement.
      for (int w = 0; w < WARMUPS; w++) {
        load(client, port, streams, events / 4, 0);
      }
      Map<String, Long> threads0 = THREADS ? threadTicks(p.pid()) : null;
      long cpu0 = cpuTicks(p.pid());
      long t0 = System.nanoTime();
      load(client, port, streams, events, 0);
      long wall = System.nanoTime() - t0;
      long cpu1 = cpuTicks(p.pid());
      double total = (double) streams * events;
      if (THREADS) {
        printThreads(side, "full speed", threads0, threadTicks(p.pid()), total);
        if (side.agentJar() != null) {
          // Records the telemetry thread could not take in time: fewer records, less CPU.
          System.out.println(
              side.name() + ", telemetry records dropped so far: " + dropped(telemetry));
        }
      }
      // Latency is measured apart, paced well below saturation: at full speed it is queueing.
      long[] latencies = load(client, port, 2, events / 10, PACED_PAUSE_NANOS);
      Arrays.sort(latencies);
      double pacedRate = Double.NaN;
      double pacedCpu = Double.NaN;
      double pacedCpuWithoutJit = Double.NaN;
      if (paced != null) {
        // A load both sides can carry: what the agent costs there is CPU, not throughput.
        int perStream = paced.perSecond() * pacedSeconds;
        // The paced path (the server's timers, its threads waking per event) is not the full-speed
        // one: unwarmed, the JIT compiled it during the measurement, and the compiler threads'
        // CPU, larger with the agent's advice inlined into the server's methods, was most of the
        // figure and most of the difference between the sides.
        for (int w = 0; w < WARMUPS; w++) {
          load(client, port, paced.streams(), perStream, paced.pauseNanos());
        }
        Map<String, Long> pacedThreads0 = THREADS ? threadTicks(p.pid()) : null;
        long j0 = jitTicks(p.pid());
        long c0 = cpuTicks(p.pid());
        long w0 = System.nanoTime();
        int delivered = load(client, port, paced.streams(), perStream, paced.pauseNanos()).length;
        long w = System.nanoTime() - w0;
        long c1 = cpuTicks(p.pid());
        long j1 = jitTicks(p.pid());
        if (THREADS) {
          printThreads(side, "paced", pacedThreads0, threadTicks(p.pid()), delivered);
        }
        pacedRate = delivered / (w / 1e9);
        pacedCpu = (c1 - c0) * 10_000_000.0 / delivered;
        pacedCpuWithoutJit = ((c1 - c0) - (j1 - j0)) * 10_000_000.0 / delivered;
      }
      return new Result(
          total / (wall / 1e9),
          latencies[latencies.length / 2] / 1e3,
          (cpu1 - cpu0) * 10_000_000.0 / total,
          pacedRate,
          pacedCpu,
          pacedCpuWithoutJit);
    } finally {
      p.destroy();
      p.waitFor(10, TimeUnit.SECONDS);
      Files.deleteIfExists(telemetry);
    }
  }

  private static long[] load(HttpClient client, int port, int streams, int events, long pauseNanos)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(streams);
    try {
      List<Future<long[]>> results = new ArrayList<>();
      for (int s = 0; s < streams; s++) {
        results.add(pool.submit(() -> stream(client, port, events, pauseNanos)));
      }
      long[] all = new long[streams * events];
      int k = 0;
      for (Future<long[]> f : results) {
        long[] one = f.get();
        System.arraycopy(one, 0, all, k, one.length);
        k += one.length;
      }
      return Arrays.copyOf(all, k);
    } finally {
      pool.shutdownNow();
    }
  }

  private static long[] stream(HttpClient client, int port, int events, long pauseNanos)
      throws Exception {
    HttpRequest req =
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:" + port + "/sse?n=" + events + "&pauseNanos=" + pauseNanos))
            .header("Accept", "text/event-stream")
            .build();
    HttpResponse<InputStream> resp = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
    long[] lat = new long[events];
    int i = 0;
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.US_ASCII))) {
      String line;
      while ((line = r.readLine()) != null) {
        long written = EventTime.of(line);
        if (written >= 0) {
          lat[i++] = System.nanoTime() - written;
        }
      }
    }
    return Arrays.copyOf(lat, i);
  }

  private static List<String> agentArgs() {
    return words(System.getProperty("bench.agentArgs", ""));
  }

  /** {@code value} split at spaces. */
  private static List<String> words(String value) {
    List<String> out = new ArrayList<>();
    for (String a : value.split(" ")) {
      if (!a.isBlank()) {
        out.add(a);
      }
    }
    return out;
  }

  private static Process start(Side side, Path telemetry) throws IOException {
    return start(side, telemetry, null, List.of());
  }

  /**
   * With {@code classLog}, the JVM logs every class it loads there; {@code jvmArgs} go before the
   * agent's options, after {@code bench.jvmArgs}.
   */
  static Process start(Side side, Path telemetry, Path classLog, List<String> jvmArgs)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    String cpus = System.getProperty("bench.serverCpus", "");
    if (!cpus.isBlank()) {
      // The server on cores of its own (the harness, its client, on the others: start it with
      // taskset too), so that what the agent costs the server is not shared with the client.
      cmd.add("taskset");
      cmd.add("-c");
      cmd.add(cpus);
    }
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(words(System.getProperty("bench.jvmArgs", "")));
    cmd.addAll(jvmArgs);
    if (classLog != null) {
      cmd.add("-Xlog:class+load=info:file=" + classLog);
    }
    String jfrDir = System.getProperty("bench.jfrDir", "");
    if (!jfrDir.isBlank() && classLog == null) {
      // One profile per server run, named by side and run, for JFR's ExecutionSample and
      // ObjectAllocationSample events.
      String name = side.name().replaceAll("[^A-Za-z0-9]+", "-") + "-" + (++jfrRuns) + ".jfr";
      String settings = System.getProperty("bench.jfrSettings", "profile");
      cmd.add(
          "-XX:StartFlightRecording=settings="
              + settings
              + ",filename="
              + Path.of(jfrDir).resolve(name));
    }
    if (side.agentJar() != null) {
      cmd.add("-javaagent:" + side.agentJar());
      cmd.add("-Dssewatch.jsonl.path=" + telemetry);
      cmd.addAll(side.args());
    }
    cmd.add("-Xmx512m");
    cmd.addAll(APP.command());
    // The agent's one line goes to standard error; read with the server's LISTENING.
    return new ProcessBuilder(cmd).redirectErrorStream(true).start();
  }

  /**
   * When the server listened and when the agent said it was ready, in nanoseconds since {@code t0};
   * {@code agentNanos} is 0 without an agent.
   */
  record Ready(int port, long listeningNanos, long agentNanos, long agentSaysMillis, Cpu cpu) {}

  /**
   * CPU time of the server when it printed LISTENING: its main thread's and the whole process's
   * (JIT compiler and GC threads, the agent's, everything), in milliseconds.
   */
  record Cpu(long mainMillis, long processMillis) {}

  /** Reads the server's output up to LISTENING and, with an agent, up to its ready line. */
  static Ready awaitReady(Process p, Side side, long t0) throws IOException {
    BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    int port = -1;
    long listening = 0;
    long agent = 0;
    long agentSays = -1;
    Cpu cpu = null;
    String line;
    while ((line = r.readLine()) != null) {
      if (line.startsWith("LISTENING ")) {
        listening = System.nanoTime() - t0;
        cpu = cpu(p.pid());
        port = Integer.parseInt(line.substring("LISTENING ".length()).trim());
      } else if (line.startsWith("[ssewatch] agent ")) {
        // "started in" is the line of agents that installed in premain only, for comparisons.
        if (!line.contains(" ready in ") && !line.contains(" started in ")) {
          throw new IOException("the agent did not start: " + line);
        }
        agent = System.nanoTime() - t0;
        agentSays = ReadyLine.millis(line);
      }
      if (port > 0 && (side.agentJar() == null || agent > 0)) {
        drain(r);
        return new Ready(port, listening, agent, agentSays, cpu);
      }
    }
    throw new IOException("server exited before it was ready");
  }

  /** Keeps the server's output flowing, so that it never blocks on a full pipe. */
  private static void drain(BufferedReader r) {
    Thread t =
        new Thread(
            () -> {
              try {
                while (r.readLine() != null) {
                  // discarded
                }
              } catch (IOException gone) {
                // the server exited
              }
            },
            "drain");
    t.setDaemon(true);
    t.start();
  }

  /**
   * Startup figures, alternating sides, one value per launch: times to LISTENING and to the agent's
   * ready line (as seen by the harness), the agent's own "ready in" figure, CPU to LISTENING, and
   * the classes loaded from the agent's jar by LISTENING (from the JVM's class-loading log, which
   * is written as classes load). Indexed {@code [side][figure][launch]}, figures as in {@link
   * #STARTUP_FIGURES}.
   */
  private static long[][][] startups(Side[] sides, int times) throws Exception {
    long[][][] f = new long[sides.length][STARTUP_FIGURES.length][times];
    for (int i = 0; i < times; i++) {
      for (int s = 0; s < sides.length; s++) {
        Path telemetry = Files.createTempFile("bench", ".jsonl");
        Path classLog = Files.createTempFile("bench-classes", ".txt");
        long t0 = System.nanoTime();
        Process p = start(sides[s], telemetry, classLog, List.of());
        Ready ready = awaitReady(p, sides[s], t0);
        long classes = agentClasses(classLog, sides[s].agentJar());
        f[s][0][i] = ready.listeningNanos() / 1_000_000;
        f[s][1][i] = ready.agentNanos() / 1_000_000;
        f[s][2][i] = ready.agentSaysMillis();
        f[s][3][i] = ready.cpu().mainMillis();
        f[s][4][i] = ready.cpu().processMillis();
        f[s][5][i] = classes;
        p.destroy();
        p.waitFor(10, TimeUnit.SECONDS);
        Files.deleteIfExists(telemetry);
        Files.deleteIfExists(classLog);
      }
    }
    return f;
  }

  /** The startup figures, in the order of {@link #startups}. */
  private static final String[] STARTUP_FIGURES = {
    "to LISTENING (ms)",
    "to agent ready line (ms)",
    "agent says ready in (ms)",
    "main thread CPU to LISTENING (ms)",
    "process CPU to LISTENING (ms)",
    "agent classes at LISTENING",
  };

  /**
   * Classes defined from the agent's jar so far: by its own class loader (source {@code
   * file:...jar}) and on the bootstrap search path (source {@code ...jar}).
   */
  private static long agentClasses(Path classLog, String agentJar) throws IOException {
    if (agentJar == null) {
      return 0;
    }
    String source = "source: " + new File(agentJar).getAbsolutePath();
    String loaderSource = "source: file:" + new File(agentJar).getAbsolutePath();
    try (var lines = Files.lines(classLog)) {
      return lines.filter(l -> l.endsWith(source) || l.endsWith(loaderSource)).count();
    }
  }

  /**
   * Per side and figure: the median, the range and every launch in order; then the median of the
   * time to LISTENING added by each agent side, against the target.
   */
  private static void printStartup(Side[] sides, long[][][] f, int times) {
    System.out.printf(
        Locale.ROOT,
        "%nstartup of %s, %d alternating launches per side, from process start: median (min to"
            + " max), then each launch in order%n%n"
            + "| side | figure | median | range | launches |%n"
            + "|---|---|---|---|---|%n",
        APP.name(),
        times);
    for (int s = 0; s < sides.length; s++) {
      // Without the agent only the figures of the application itself.
      int[] figures =
          sides[s].agentJar() == null ? new int[] {0, 3, 4} : new int[] {0, 1, 2, 3, 4, 5};
      for (int k : figures) {
        Spread spread = Spread.of(toDoubles(f[s][k]));
        System.out.printf(
            Locale.ROOT,
            "| %s | %s | %.0f | %.0f to %.0f | %s |%n",
            sides[s].name(),
            STARTUP_FIGURES[k],
            spread.median(),
            spread.min(),
            spread.max(),
            Arrays.toString(f[s][k]).replaceAll("[\\[\\]]", ""));
      }
    }
    double[] without = toDoubles(f[0][0]);
    for (int s = 1; s < sides.length; s++) {
      // Paired like the load rounds: each launch against the launch without the agent of the same
      // turn, which a busy machine disturbed alike more often than not.
      Spread added = Spread.ofDifferences(without, toDoubles(f[s][0]));
      System.out.printf(
          Locale.ROOT,
          "%s: %+.0f ms to LISTENING, median against median; paired by turn %+.0f ms (%+.0f to"
              + " %+.0f), %s; target <= +300 ms on a quiet machine%n",
          sides[s].name(),
          Spread.of(toDoubles(f[s][0])).median() - Spread.of(without).median(),
          added.median(),
          added.min(),
          added.max(),
          Verdict.of(added, Spread.of(without).width()).text("later", "sooner"));
    }
  }

  private static double[] toDoubles(long[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }

  /**
   * CPU of a process and of its main thread, from {@code /proc}. The launcher's primordial thread
   * (whose id is the process's) starts the JVM's main thread and waits: the main thread is the next
   * task.
   */
  private static Cpu cpu(long pid) throws IOException {
    long main = pid;
    try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      main =
          tasks
              .mapToLong(t -> Long.parseLong(t.getFileName().toString()))
              .filter(tid -> tid > pid)
              .min()
              .orElse(pid);
    }
    long process = cpuTicks(Path.of("/proc/" + pid + "/stat"));
    long thread = cpuTicks(Path.of("/proc/" + pid + "/task/" + main + "/stat"));
    return new Cpu(thread * 10, process * 10);
  }

  /**
   * CPU ticks of a process's threads, summed by thread name with digits replaced ({@code
   * http-nio-N-exec-N}): what the request threads, the JIT's compiler threads, the collector and
   * the agent's telemetry thread each cost; and, under the name followed by {@code kernel}, the
   * part of it spent in the kernel (system calls, wake-ups), which a JFR profile's Java samples do
   * not show.
   */
  private static Map<String, Long> threadTicks(long pid) throws IOException {
    Map<String, Long> out = new TreeMap<>();
    try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      for (Path t : (Iterable<Path>) tasks::iterator) {
        try {
          String name = Files.readString(t.resolve("comm")).trim().replaceAll("[0-9]+", "N");
          String stat = Files.readString(t.resolve("stat"));
          out.merge(name, cpuTicks(stat), Long::sum);
          out.merge(name + " kernel", systemTicks(stat), Long::sum);
        } catch (IOException gone) {
          // the thread ended meanwhile
        }
      }
    }
    return out;
  }

  /** One phase's CPU per event by thread group, largest first. */
  private static void printThreads(
      Side side, String phase, Map<String, Long> before, Map<String, Long> after, double events) {
    StringBuilder line =
        new StringBuilder(side.name())
            .append(", ")
            .append(phase)
            .append(", CPU per event by thread (us):");
    after.entrySet().stream()
        .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
        .filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(
            e ->
                line.append(
                    String.format(
                        Locale.ROOT,
                        " %s %.2f;",
                        e.getKey(),
                        e.getValue() * 10_000_000.0 / events / 1e3)));
    System.out.println(line);
  }

  /** The {@code dropped_total} of the last {@code telemetry_dropped} record so far, or 0. */
  private static long dropped(Path telemetry) throws IOException {
    String key = "\"dropped_total\":";
    long total = 0;
    try (BufferedReader r = Files.newBufferedReader(telemetry, StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("{\"record\":\"telemetry_dropped\"")) {
          int at = line.indexOf(key) + key.length();
          int end = at;
          while (end < line.length() && Character.isDigit(line.charAt(end))) {
            end++;
          }
          total = Long.parseLong(line.substring(at, end));
        }
      }
    }
    return total;
  }

  /**
   * CPU ticks of the JIT's compiler threads ({@code C1 CompilerThread N}, {@code C2 CompilerThread
   * N}). On a loaded machine the compiler still works through its queue long after the warm-up, at
   * a pace set by the other processes; how much of that falls into a 2-second window differed
   * between identical runs by more than all the threads serving the events spent there.
   */
  static long jitTicks(long pid) throws IOException {
    long ticks = 0;
    try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      for (Path t : (Iterable<Path>) tasks::iterator) {
        try {
          if (isCompilerThread(Files.readString(t.resolve("comm")))) {
            ticks += cpuTicks(t.resolve("stat"));
          }
        } catch (IOException gone) {
          // the thread ended meanwhile: its ticks stay in the process's, a little too much
        }
      }
    }
    return ticks;
  }

  /**
   * Whether a thread's {@code comm} (its name cut to 15 characters, with a line end) is one of
   * HotSpot's compiler threads.
   */
  static boolean isCompilerThread(String comm) {
    String name = comm.strip();
    return name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre");
  }

  /** utime + stime of a process, in clock ticks (100 per second on Linux). */
  static long cpuTicks(long pid) throws IOException {
    return cpuTicks(Path.of("/proc/" + pid + "/stat"));
  }

  /** utime + stime from a process's or a thread's stat file, in clock ticks. */
  private static long cpuTicks(Path file) throws IOException {
    return cpuTicks(Files.readString(file));
  }

  /** utime + stime from the text of a stat file, in clock ticks. */
  static long cpuTicks(String stat) {
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  /** stime alone from the text of a stat file, in clock ticks. */
  static long systemTicks(String stat) {
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[12]);
  }

  private static void print(
      int streams,
      int events,
      int rounds,
      Paced paced,
      int pacedSeconds,
      Side[] sides,
      Result[] r) {
    System.out.printf(
        Locale.ROOT,
        "server: %s; load: %d concurrent streams x %d events (latency: 2 streams, 1 event/ms;"
            + " paced: %s), best of %d alternating rounds, %d cores, agent args [%s]%n%n",
        APP.name(),
        streams,
        events,
        paced == null
            ? "off"
            : paced.streams()
                + " streams x "
                + paced.perSecond()
                + " events/s for "
                + pacedSeconds
                + " s",
        rounds,
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("bench.agentArgs", ""));
    Result b = r[0];
    StringBuilder head = new StringBuilder("| figure | ").append(sides[0].name()).append(" |");
    StringBuilder rule = new StringBuilder("|---|---|");
    for (int i = 1; i < sides.length; i++) {
      head.append(' ').append(sides[i].name()).append(" | overhead |");
      rule.append("---|---|");
    }
    System.out.println(head.append(" target |"));
    System.out.println(rule.append("---|"));
    row(
        "throughput (events/s)",
        "<= 3 % without per-event records",
        b.eventsPerSecond(),
        "%.0f",
        r,
        a -> a.eventsPerSecond(),
        a -> String.format(Locale.ROOT, "%.1f %% loss", 100 * (1 - a / b.eventsPerSecond())));
    row(
        "per-event latency p50 (us)",
        "<= 10 us",
        b.p50Micros(),
        "%.1f",
        r,
        a -> a.p50Micros(),
        a -> String.format(Locale.ROOT, "%+.1f us", a - b.p50Micros()));
    row(
        "server CPU per event, full speed (us)",
        "",
        b.cpuNanosPerEvent() / 1e3,
        "%.2f",
        r,
        a -> a.cpuNanosPerEvent() / 1e3,
        a -> String.format(Locale.ROOT, "%+.2f us", a - b.cpuNanosPerEvent() / 1e3));
    if (paced != null) {
      row(
          "paced: delivered events/s",
          "",
          b.pacedEventsPerSecond(),
          "%.0f",
          r,
          a -> a.pacedEventsPerSecond(),
          a -> String.format(Locale.ROOT, "%+.1f %%", 100 * (a / b.pacedEventsPerSecond() - 1)));
      row(
          "paced: server CPU per event (us)",
          "",
          b.pacedCpuNanosPerEvent() / 1e3,
          "%.2f",
          r,
          a -> a.pacedCpuNanosPerEvent() / 1e3,
          a -> String.format(Locale.ROOT, "%+.2f us", a - b.pacedCpuNanosPerEvent() / 1e3));
      row(
          "paced: server CPU per event without the JIT's compiler threads (us)",
          "",
          b.pacedCpuWithoutJitNanosPerEvent() / 1e3,
          "%.2f",
          r,
          a -> a.pacedCpuWithoutJitNanosPerEvent() / 1e3,
          a ->
              String.format(
                  Locale.ROOT, "%+.2f us", a - b.pacedCpuWithoutJitNanosPerEvent() / 1e3));
    }
  }

  /**
   * Below the best-of table, which takes each side's figures from whichever rounds were least
   * disturbed: each agent side against the run without the agent in the same round, as the median
   * and range of the per-round differences, next to the spread of the side without the agent
   * itself, and the {@link Verdict} from them.
   */
  private static void printPaired(Paced paced, Side[] sides, Result[][] byRound) {
    System.out.printf(
        Locale.ROOT,
        "%npaired by round, each side against the run without the agent in the same round:"
            + " median (min to max) of %d rounds; within the spread: the range contains 0; beyond"
            + " the spread: one sign in every round and a median larger than the spread without"
            + " the agent%n%n",
        byRound.length);
    StringBuilder head =
        new StringBuilder("| side | throughput loss (%) | verdict")
            .append(" | per-event latency p50 (us) | verdict")
            .append(" | server CPU per event, full speed (us) | verdict");
    StringBuilder rule = new StringBuilder("|---|---|---|---|---|---|---|");
    if (paced != null) {
      head.append(" | paced: server CPU per event (us) | verdict");
      rule.append("---|---|");
    }
    System.out.println(head.append(" |"));
    System.out.println(rule);
    double[] tput0 = figure(byRound, 0, Result::eventsPerSecond, 1);
    double[] p500 = figure(byRound, 0, Result::p50Micros, 1);
    double[] cpu0 = figure(byRound, 0, Result::cpuNanosPerEvent, 1e3);
    double[] paced0 = figure(byRound, 0, Result::pacedCpuNanosPerEvent, 1e3);
    Spread tput = Spread.of(tput0);
    Spread p50 = Spread.of(p500);
    Spread cpu = Spread.of(cpu0);
    Spread pacedCpu = paced == null ? null : Spread.of(paced0);
    // The noise floor: how far apart identical runs of one side were in this sitting.
    StringBuilder base =
        new StringBuilder("| ")
            .append(sides[0].name())
            .append(", its own spread | ")
            .append(
                String.format(
                    Locale.ROOT,
                    "%.0f events/s (%.0f to %.0f): spread %.1f %% of the median",
                    tput.median(),
                    tput.min(),
                    tput.max(),
                    tput.widthPercentOfMedian()))
            .append(" | | ")
            .append(ownSpread(p50))
            .append(" | | ")
            .append(ownSpread(cpu))
            .append(" | |");
    if (paced != null) {
      base.append(' ').append(ownSpread(pacedCpu)).append(" | |");
    }
    System.out.println(base);
    for (int i = 1; i < sides.length; i++) {
      Spread loss = Spread.ofLosses(tput0, figure(byRound, i, Result::eventsPerSecond, 1));
      Spread later = Spread.ofDifferences(p500, figure(byRound, i, Result::p50Micros, 1));
      Spread more = Spread.ofDifferences(cpu0, figure(byRound, i, Result::cpuNanosPerEvent, 1e3));
      StringBuilder line =
          new StringBuilder("| ")
              .append(sides[i].name())
              .append(" | ")
              .append(cells(loss, "%.1f", tput.widthPercentOfMedian(), "loss", "gain"))
              .append(" | ")
              .append(cells(later, "%+.1f", p50.width(), "later", "sooner"))
              .append(" | ")
              .append(cells(more, "%+.2f", cpu.width(), "more CPU", "less CPU"))
              .append(" |");
      if (paced != null) {
        Spread pacedMore =
            Spread.ofDifferences(paced0, figure(byRound, i, Result::pacedCpuNanosPerEvent, 1e3));
        line.append(' ')
            .append(cells(pacedMore, "%+.2f", pacedCpu.width(), "more CPU", "less CPU"))
            .append(" |");
      }
      System.out.println(line);
    }
    printTargets(paced, sides, byRound, tput0, paced0, tput, pacedCpu);
  }

  /** Added paced CPU per event with a record per event, in microseconds. */
  private static final double TARGET_PACED_CPU_RECORDS = 1.0;

  /** Added paced CPU per event without per-event records, in microseconds. */
  private static final double TARGET_PACED_CPU_NO_RECORDS = 0.3;

  /** Throughput loss at full speed without per-event records, in %. */
  private static final double TARGET_LOSS_NO_RECORDS = 3.0;

  /**
   * The paired figures that have a target: added CPU per event at the paced load (with and without
   * per-event records) and, without per-event records, the throughput loss at full speed; each
   * checked by {@link TargetCheck} against the side without the agent's own spread.
   */
  private static void printTargets(
      Paced paced,
      Side[] sides,
      Result[][] byRound,
      double[] tput0,
      double[] paced0,
      Spread tput,
      Spread pacedCpu) {
    System.out.printf(
        Locale.ROOT,
        "%ntargets, %s, paired by round: median (min to max) of %d rounds%n%n"
            + "| side | figure | target | paired | check |%n|---|---|---|---|---|%n",
        APP.name(),
        byRound.length);
    for (int i = 1; i < sides.length; i++) {
      boolean records = !sides[i].args().contains("-Dssewatch.events.sample=none");
      if (paced != null) {
        Spread more =
            Spread.ofDifferences(paced0, figure(byRound, i, Result::pacedCpuNanosPerEvent, 1e3));
        double target = records ? TARGET_PACED_CPU_RECORDS : TARGET_PACED_CPU_NO_RECORDS;
        System.out.printf(
            Locale.ROOT,
            "| %s | added CPU per event, paced %d x %d events/s (us) | <= %.1f | %s | %s |%n",
            sides[i].name(),
            paced.streams(),
            paced.perSecond(),
            target,
            paired(more, "%+.2f"),
            TargetCheck.of(more, target).text(target, pacedCpu.width()));
        // The same without the compiler threads: what serving the events cost once compiled.
        double[] noJit0 = figure(byRound, 0, Result::pacedCpuWithoutJitNanosPerEvent, 1e3);
        Spread moreNoJit =
            Spread.ofDifferences(
                noJit0, figure(byRound, i, Result::pacedCpuWithoutJitNanosPerEvent, 1e3));
        System.out.printf(
            Locale.ROOT,
            "| %s | added CPU per event without the JIT's compiler threads, paced (us) | <= %.1f"
                + " | %s | %s |%n",
            sides[i].name(),
            target,
            paired(moreNoJit, "%+.2f"),
            TargetCheck.of(moreNoJit, target).text(target, Spread.of(noJit0).width()));
      }
      if (!records) {
        Spread loss = Spread.ofLosses(tput0, figure(byRound, i, Result::eventsPerSecond, 1));
        System.out.printf(
            Locale.ROOT,
            "| %s | throughput loss, full speed (%%) | <= %.0f | %s | %s |%n",
            sides[i].name(),
            TARGET_LOSS_NO_RECORDS,
            paired(loss, "%.1f"),
            TargetCheck.of(loss, TARGET_LOSS_NO_RECORDS)
                .text(TARGET_LOSS_NO_RECORDS, tput.widthPercentOfMedian()));
      }
    }
  }

  /** One side's figure in every round, divided by {@code unit}. */
  private static double[] figure(
      Result[][] byRound, int side, ToDoubleFunction<Result> value, double unit) {
    double[] out = new double[byRound.length];
    for (int r = 0; r < byRound.length; r++) {
      out[r] = value.applyAsDouble(byRound[r][side]) / unit;
    }
    return out;
  }

  private static String ownSpread(Spread s) {
    return String.format(
        Locale.ROOT,
        "%.2f (%.2f to %.2f): spread %.2f us",
        s.median(),
        s.min(),
        s.max(),
        s.width());
  }

  /**
   * A paired figure's two cells: its median and range, then its verdict against {@code noise}, with
   * {@code more} and {@code less} naming the figure's way.
   */
  private static String cells(Spread s, String format, double noise, String more, String less) {
    return paired(s, format) + " | " + Verdict.of(s, noise).text(more, less);
  }

  private static String paired(Spread s, String format) {
    return String.format(
        Locale.ROOT, format + " (" + format + " to " + format + ")", s.median(), s.min(), s.max());
  }

  private static void row(
      String figure,
      String target,
      double base,
      String format,
      Result[] r,
      ToDoubleFunction<Result> value,
      DoubleFunction<String> overhead) {
    StringBuilder line = new StringBuilder("| ").append(figure).append(" | ");
    line.append(String.format(Locale.ROOT, format, base)).append(" |");
    for (int i = 1; i < r.length; i++) {
      double v = value.applyAsDouble(r[i]);
      line.append(' ')
          .append(String.format(Locale.ROOT, format, v))
          .append(" | ")
          .append(overhead.apply(v))
          .append(" |");
    }
    System.out.println(line.append(' ').append(target).append(" |"));
  }
}
