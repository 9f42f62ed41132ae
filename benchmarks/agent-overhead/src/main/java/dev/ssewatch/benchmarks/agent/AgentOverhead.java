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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link BenchServer} twice, without and with {@code -javaagent}, under the same load (a
 * number of concurrent streams of many events each, read with {@code java.net.http.HttpClient}),
 * and prints throughput, per-event latency p50, CPU per event (from {@code /proc/PID/stat}) and
 * startup time for both.
 *
 * <p>Usage: {@code java [-Dbench.agentArgs="-Dssewatch.x=y ..."] -jar agent-overhead.jar [agentJar]
 * [streams] [eventsPerStream] [rounds]}
 */
public final class AgentOverhead {

  /** One event per millisecond per stream in the latency phase. */
  private static final long PACED_PAUSE_NANOS = 1_000_000;

  private AgentOverhead() {}

  public static void main(String[] args) throws Exception {
    String agentJar = args.length > 0 ? args[0] : "agent/target/ssewatch-agent.jar";
    int streams = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    int events = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    if (!new File(agentJar).isFile()) {
      throw new IllegalArgumentException("no agent jar at " + agentJar + "; build it first");
    }
    Result base = null;
    Result agent = null;
    // Alternate, so that machine noise spreads over both sides.
    for (int r = 0; r < rounds; r++) {
      base = Result.better(base, run(null, streams, events));
      agent = Result.better(agent, run(agentJar, streams, events));
    }
    long startBase = medianStartup(null, 3);
    long startAgent = medianStartup(agentJar, 3);
    print(streams, events, rounds, base, agent, startBase, startAgent);
  }

  /** Best of the rounds for each figure: the least disturbed measurement of each side. */
  record Result(double eventsPerSecond, double p50Micros, double cpuNanosPerEvent) {
    static Result better(Result a, Result b) {
      if (a == null) {
        return b;
      }
      return new Result(
          Math.max(a.eventsPerSecond, b.eventsPerSecond),
          Math.min(a.p50Micros, b.p50Micros),
          Math.min(a.cpuNanosPerEvent, b.cpuNanosPerEvent));
    }
  }

  private static Result run(String agentJar, int streams, int events) throws Exception {
    Path telemetry = Files.createTempFile("bench", ".jsonl");
    Process p = start(agentJar, telemetry);
    try {
      int port = awaitPort(p);
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      load(client, port, streams, events / 4, 0); // warm-up: JIT on both sides
      long cpu0 = cpuTicks(p.pid());
      long t0 = System.nanoTime();
      load(client, port, streams, events, 0);
      long wall = System.nanoTime() - t0;
      long cpu1 = cpuTicks(p.pid());
      double total = (double) streams * events;
      // Latency is measured apart, paced well below saturation: at full speed it is queueing.
      long[] latencies = load(client, port, 2, events / 10, PACED_PAUSE_NANOS);
      Arrays.sort(latencies);
      return new Result(
          total / (wall / 1e9),
          latencies[latencies.length / 2] / 1e3,
          (cpu1 - cpu0) * 10_000_000.0 / total);
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
        if (line.startsWith("data: t=")) {
          long now = System.nanoTime();
          int end = line.indexOf(' ', 8);
          lat[i++] = now - Long.parseLong(line.substring(8, end));
        }
      }
    }
    return Arrays.copyOf(lat, i);
  }

  private static Process start(String agentJar, Path telemetry) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (agentJar != null) {
      cmd.add("-javaagent:" + agentJar);
      cmd.add("-Dssewatch.jsonl.path=" + telemetry);
      for (String a : System.getProperty("bench.agentArgs", "").split(" ")) {
        if (!a.isBlank()) {
          cmd.add(a);
        }
      }
    }
    cmd.add("-Xmx512m");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(BenchServer.class.getName());
    return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  private static int awaitPort(Process p) throws IOException {
    BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = r.readLine()) != null) {
      if (line.startsWith("LISTENING ")) {
        return Integer.parseInt(line.substring("LISTENING ".length()).trim());
      }
    }
    throw new IOException("server exited before listening");
  }

  private static long medianStartup(String agentJar, int times) throws Exception {
    long[] t = new long[times];
    for (int i = 0; i < times; i++) {
      Path telemetry = Files.createTempFile("bench", ".jsonl");
      long t0 = System.nanoTime();
      Process p = start(agentJar, telemetry);
      awaitPort(p);
      t[i] = System.nanoTime() - t0;
      p.destroy();
      p.waitFor(10, TimeUnit.SECONDS);
      Files.deleteIfExists(telemetry);
    }
    Arrays.sort(t);
    return t[times / 2] / 1_000_000;
  }

  /** utime + stime of a process, in clock ticks (100 per second on Linux). */
  private static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  private static void print(
      int streams, int events, int rounds, Result b, Result a, long startB, long startA) {
    System.out.printf(
        Locale.ROOT,
        "load: %d concurrent streams x %d events (latency: 2 streams, 1 event/ms), best of %d"
            + " alternating rounds, %d cores, agent args [%s]%n%n",
        streams,
        events,
        rounds,
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("bench.agentArgs", ""));
    System.out.println("| figure | without agent | with agent | overhead | target |");
    System.out.println("|---|---|---|---|---|");
    System.out.printf(
        Locale.ROOT,
        "| throughput (events/s) | %.0f | %.0f | %.1f %% loss | <= 3 %% |%n",
        b.eventsPerSecond,
        a.eventsPerSecond,
        100 * (1 - a.eventsPerSecond / b.eventsPerSecond));
    System.out.printf(
        Locale.ROOT,
        "| per-event latency p50 (us) | %.1f | %.1f | %+.1f us | <= 10 us |%n",
        b.p50Micros,
        a.p50Micros,
        a.p50Micros - b.p50Micros);
    System.out.printf(
        Locale.ROOT,
        "| server CPU per event (us) | %.2f | %.2f | %+.2f us |  |%n",
        b.cpuNanosPerEvent / 1e3,
        a.cpuNanosPerEvent / 1e3,
        (a.cpuNanosPerEvent - b.cpuNanosPerEvent) / 1e3);
    System.out.printf(
        Locale.ROOT,
        "| startup to listening (ms) | %d | %d | %+d ms | <= 500 ms |%n",
        startB,
        startA,
        startA - startB);
  }
}
