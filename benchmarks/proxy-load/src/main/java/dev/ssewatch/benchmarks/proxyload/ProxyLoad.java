package dev.ssewatch.benchmarks.proxyload;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.proxy.ProxyConfig;
import dev.ssewatch.proxy.ProxyServer;
import dev.ssewatch.proxy.Route;
import dev.ssewatch.proxy.RouteOptions;
import dev.ssewatch.proxy.Transport;
import dev.ssewatch.proxy.sse.StreamTaps;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The proxy's load harness: direct versus proxied in the same run.
 *
 * <pre>
 * java -jar proxy-load.jar latency    [--streams 1000] [--warmup 5] [--seconds 10]
 * java -jar proxy-load.jar throughput [--streams 50]   [--warmup 3] [--seconds 10]
 * java -jar proxy-load.jar idle       [--streams 5000] [--warm N (default: streams)] [--settle 20] [--proxy-jar cli/target/ssewatch.jar]
 * java -jar proxy-load.jar setup      [--streams 2000] [--rounds 3]
 * java -jar proxy-load.jar soak       [--streams 200] [--minutes 2] [--rate 10] [--mean-events 100] [--sample 10] [--proxy-jar cli/target/ssewatch.jar]
 * </pre>
 *
 * <p>{@code --settings FILE} (latency, throughput) reads further {@code ssewatch.*} keys for the
 * in-process proxy from a properties file. {@code --transport auto|epoll|nio} (every mode) picks
 * the proxy's I/O transport; the harness's own clients and backend stay on NIO, so only the proxy
 * changes between runs.
 */
public final class ProxyLoad {

  private final Map<String, String> opts;

  private ProxyLoad(Map<String, String> opts) {
    this.opts = opts;
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 0 || args[0].startsWith("-")) {
      System.err.println(
          "usage: proxy-load latency|throughput|idle|setup|soak [--streams N] [--seconds S]");
      System.exit(2);
    }
    Map<String, String> opts = new HashMap<>();
    for (int i = 1; i + 1 < args.length; i += 2) {
      opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    ProxyLoad load = new ProxyLoad(opts);
    switch (args[0]) {
      case "latency" -> load.latency();
      case "throughput" -> load.throughput();
      case "idle" -> load.idle();
      case "setup" -> load.setup();
      case "soak" -> load.soak();
      default -> {
        System.err.println("unknown mode " + args[0]);
        System.exit(2);
      }
    }
    System.exit(0);
  }

  private int intOpt(String name, int def) {
    return Integer.parseInt(opts.getOrDefault(name, String.valueOf(def)));
  }

  // ---- latency -------------------------------------------------------------------------------

  private void latency() throws Exception {
    int streams = intOpt("streams", 1000);
    int warmup = intOpt("warmup", 5);
    int seconds = intOpt("seconds", 10);
    LoadRig rig = LoadRig.start();
    try (ProxyServer proxy = startProxy(rig.backendAddress(), opts)) {
      System.out.printf(
          Locale.ROOT,
          "latency: %d streams x 10 events/s, %ds warm-up, %ds measured, %d cores, %s transport%n",
          streams,
          warmup,
          seconds,
          Runtime.getRuntime().availableProcessors(),
          proxy.config().transport().wireName());
      long[] direct = latencyRun(rig.clientLoop(), rig.backendAddress(), streams, warmup, seconds);
      long[] proxied = latencyRun(rig.clientLoop(), proxy.address(), streams, warmup, seconds);
      System.out.printf(
          Locale.ROOT,
          "direct : p50 %8.1f us  p99 %8.1f us  (%d samples)%n",
          direct[0] / 1e3,
          direct[1] / 1e3,
          direct[2]);
      System.out.printf(
          Locale.ROOT,
          "proxied: p50 %8.1f us  p99 %8.1f us  (%d samples)%n",
          proxied[0] / 1e3,
          proxied[1] / 1e3,
          proxied[2]);
      System.out.printf(
          Locale.ROOT,
          "added  : p50 %8.1f us  p99 %8.1f us   (targets: <= 150 us, <= 2000 us)%n",
          (proxied[0] - direct[0]) / 1e3,
          (proxied[1] - direct[1]) / 1e3);
      System.out.printf(
          Locale.ROOT,
          "CPU/event (whole process): direct %,d ns, proxied %,d ns, added %,d ns%n",
          direct[3],
          proxied[3],
          proxied[3] - direct[3]);
      System.out.printf(
          Locale.ROOT,
          "CPU/event of the proxy's event loops: %,d ns, of its telemetry thread: %,d ns%n",
          proxied[4],
          proxied[5]);
    } finally {
      rig.close();
    }
  }

  private static long[] latencyRun(
      EventLoopGroup loop, InetSocketAddress target, int streams, int warmup, int seconds)
      throws Exception {
    LatencySamples samples = new LatencySamples();
    SseClients clients = new SseClients(loop, samples);
    clients.open(target, "/timed", streams, 60);
    TimeUnit.SECONDS.sleep(warmup);
    long c0 = processCpuNanos();
    long l0 = proxyLoopCpuNanos();
    long m0 = telemetryCpuNanos();
    samples.recording = true;
    TimeUnit.SECONDS.sleep(seconds);
    samples.recording = false;
    long c1 = processCpuNanos();
    long l1 = proxyLoopCpuNanos();
    long m1 = telemetryCpuNanos();
    clients.closeAll();
    return new long[] {
      samples.percentile(50),
      samples.percentile(99),
      samples.size(),
      (c1 - c0) / Math.max(1, samples.size()),
      (l1 - l0) / Math.max(1, samples.size()),
      (m1 - m0) / Math.max(1, samples.size())
    };
  }

  // ---- throughput ----------------------------------------------------------------------------

  private void throughput() throws Exception {
    int streams = intOpt("streams", 50);
    int warmup = intOpt("warmup", 3);
    int seconds = intOpt("seconds", 10);
    LoadRig rig = LoadRig.start();
    try (ProxyServer proxy = startProxy(rig.backendAddress(), opts)) {
      System.out.printf(
          Locale.ROOT,
          "throughput: %d streams of %d-byte events, %ds warm-up, %ds measured, %s transport%n",
          streams,
          SseBackend.FLOOD_EVENT_BYTES,
          warmup,
          seconds,
          proxy.config().transport().wireName());
      // Alternating rounds, medians compared: the machine is shared, and a burst of other work
      // during one phase would otherwise decide the ratio.
      int rounds = intOpt("rounds", 3);
      double[] direct = new double[rounds];
      double[] proxied = new double[rounds];
      double[] directCpu = new double[rounds];
      double[] proxiedCpu = new double[rounds];
      double[] loopCpu = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        double[] d =
            throughputRun(
                rig.clientLoop(), rig.backendAddress(), streams, warmup, seconds, "direct");
        double[] p =
            throughputRun(rig.clientLoop(), proxy.address(), streams, warmup, seconds, "proxied");
        direct[r] = d[0];
        directCpu[r] = d[1];
        proxied[r] = p[0];
        proxiedCpu[r] = p[1];
        loopCpu[r] = p[2];
        System.out.printf(
            Locale.ROOT,
            "round %d: direct %,10.0f  proxied %,10.0f events/s   CPU/event: direct %,6.0f"
                + "  proxied %,6.0f ns%n",
            r + 1,
            direct[r],
            proxied[r],
            directCpu[r],
            proxiedCpu[r]);
      }
      double d = median(direct);
      double p = median(proxied);
      System.out.printf(Locale.ROOT, "direct : %,12.0f events/s (median)%n", d);
      System.out.printf(Locale.ROOT, "proxied: %,12.0f events/s (median)%n", p);
      System.out.printf(Locale.ROOT, "ratio  : %.2f x direct   (target: >= 0.75)%n", p / d);
      // Whole-process CPU time per event delivered: unlike events/s, it hardly depends on what
      // else the machine runs, so it says what the proxy adds even on a busy machine.
      System.out.printf(
          Locale.ROOT,
          "CPU/event (median, whole process): direct %,.0f ns, proxied %,.0f ns, added %,.0f ns%n",
          median(directCpu),
          median(proxiedCpu),
          median(proxiedCpu) - median(directCpu));
      System.out.printf(
          Locale.ROOT,
          "CPU/event of the proxy's event loops (median): %,.0f ns%n",
          median(loopCpu));
    } finally {
      rig.close();
    }
  }

  /** Events per second and process CPU nanoseconds per event over the measured window. */
  private static double[] throughputRun(
      EventLoopGroup loop,
      InetSocketAddress target,
      int streams,
      int warmup,
      int seconds,
      String side)
      throws Exception {
    SseClients clients = new SseClients(loop, null);
    try {
      clients.open(
          target, "/flood?at=" + (System.nanoTime() + TimeUnit.SECONDS.toNanos(2)), streams, 30);
    } catch (IllegalStateException e) {
      // Which side did not start its streams: the backend alone, or through the proxy.
      clients.closeAll();
      throw new IllegalStateException(side + ": " + e.getMessage(), e);
    }
    TimeUnit.SECONDS.sleep(2 + warmup);
    long b0 = clients.bytes.sum();
    long c0 = processCpuNanos();
    long l0 = proxyLoopCpuNanos();
    long t0 = System.nanoTime();
    TimeUnit.SECONDS.sleep(seconds);
    long b1 = clients.bytes.sum();
    long c1 = processCpuNanos();
    long l1 = proxyLoopCpuNanos();
    long t1 = System.nanoTime();
    clients.closeAll();
    double events = (b1 - b0) / (double) SseBackend.FLOOD_EVENT_BYTES;
    return new double[] {
      events / ((t1 - t0) / 1e9), (c1 - c0) / Math.max(1, events), (l1 - l0) / Math.max(1, events)
    };
  }

  /**
   * CPU time of the proxy's event loops so far: every Netty event-loop thread in this JVM that is
   * not the harness's own backend or clients.
   */
  private static long proxyLoopCpuNanos() {
    return threadCpuNanos("multiThreadIoEventLoopGroup-");
  }

  private static long telemetryCpuNanos() {
    return threadCpuNanos("ssewatch-telemetry");
  }

  private static long threadCpuNanos(String namePrefix) {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (java.lang.management.ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (t != null && t.getThreadName().startsWith(namePrefix)) {
        sum += Math.max(0, mx.getThreadCpuTime(t.getThreadId()));
      }
    }
    return sum;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  // ---- idle streams: RSS of a separate proxy JVM ---------------------------------------------

  private void idle() throws Exception {
    int streams = intOpt("streams", 5000);
    Path jar = proxyJar();
    LoadRig rig = LoadRig.start();
    int port = freePort();
    Process child = startProxyJvm(jar, port, rig.backendAddress());
    try {
      awaitListening(port, Duration.ofSeconds(20));
      InetSocketAddress proxyAddr = new InetSocketAddress("127.0.0.1", port);
      // Warm the proxy's code paths and pools with as many streams as are measured, so that
      // what follows is per-stream memory only: after fewer, opening N compiles more of the
      // set-up path and the JIT's code (2-3.6 MB for 5,000 after 500) would count as streams'.
      SseClients warm = new SseClients(rig.clientLoop(), null);
      warm.open(proxyAddr, "/idle", intOpt("warm", streams), 120);
      warm.closeAll();
      settle();
      gc(child.pid());
      long before = rssKib(child.pid());
      long anonBefore = statusKib(child.pid(), "RssAnon:");
      long heapBefore = heapUsedKib(child.pid());
      long committedBefore = heapCommittedKib(child.pid());
      boolean nmt = opts.getOrDefault("jvm", "").contains("NativeMemoryTracking");
      if (nmt) {
        jcmd(child.pid(), "VM.native_memory", "baseline");
      }
      // Opened in two halves with a reading between them: the second half's growth is what one
      // more idle stream costs once streams are open, without the baseline's state (what the
      // warm-up left for the C library and the collector to hand back), which varies by MBs.
      SseClients clients = new SseClients(rig.clientLoop(), null);
      int firstHalf = streams / 2;
      clients.open(proxyAddr, "/idle", firstHalf, 120);
      settle();
      gc(child.pid());
      long anonHalf = statusKib(child.pid(), "RssAnon:");
      long heapHalf = heapUsedKib(child.pid());
      clients.open(proxyAddr, "/idle", streams - firstHalf, 120);
      settle();
      gc(child.pid());
      long after = rssKib(child.pid());
      long anonAfter = statusKib(child.pid(), "RssAnon:");
      long heapAfter = heapUsedKib(child.pid());
      long committedAfter = heapCommittedKib(child.pid());
      System.out.printf(
          Locale.ROOT,
          "idle: %d open streams through a separate proxy JVM (%s), transport %s%n",
          streams,
          opts.getOrDefault("jvm", "-Xmx512m"),
          opts.getOrDefault("transport", "auto"));
      System.out.printf(Locale.ROOT, "RSS before: %,d KiB, after: %,d KiB%n", before, after);
      // Anonymous memory is the process's own; the rest are pages of files it maps (libjvm, the
      // class data archive), which the kernel may page in or out between the two readings.
      System.out.printf(
          Locale.ROOT,
          "of which anonymous: %,d -> %,d KiB (%.2f KiB per idle stream)%n",
          anonBefore,
          anonAfter,
          (anonAfter - anonBefore) / (double) streams);
      System.out.printf(
          Locale.ROOT,
          "per idle stream: %.2f KiB   (target: <= 4 KiB)%n",
          (after - before) / (double) streams);
      System.out.printf(
          Locale.ROOT,
          "second half (%d more streams): anonymous RSS %.2f KiB, live heap %.2f KiB per idle"
              + " stream%n",
          streams - firstHalf,
          (anonAfter - anonHalf) / (double) (streams - firstHalf),
          (heapAfter - heapHalf) / (double) (streams - firstHalf));
      System.out.printf(
          Locale.ROOT,
          "live heap per idle stream: %.2f KiB (heap used after a full GC: %,d -> %,d KiB)%n",
          (heapAfter - heapBefore) / (double) streams,
          heapBefore,
          heapAfter);
      System.out.printf(
          Locale.ROOT,
          "heap committed: %,d -> %,d KiB (%.2f KiB per idle stream)%n",
          committedBefore,
          committedAfter,
          (committedAfter - committedBefore) / (double) streams);
      if (nmt) {
        // Where the resident growth went, by the JVM's own account (heap, GC, threads, NIO, ...).
        System.out.println(jcmd(child.pid(), "VM.native_memory", "summary.diff", "scale=KB"));
      }
      if (opts.containsKey("histogram")) {
        jcmd(child.pid(), "GC.class_histogram")
            .lines()
            .limit(Integer.parseInt(opts.get("histogram")))
            .forEach(System.out::println);
      }
      if (opts.containsKey("heap-dump")) {
        // Live objects only (the dump itself forces a full GC), for counting what an idle stream
        // keeps by content and by holder, which a class histogram cannot tell.
        Path dump = Path.of(opts.get("heap-dump")).toAbsolutePath();
        System.out.println(jcmd(child.pid(), "GC.heap_dump", dump.toString()).trim());
      }
      clients.closeAll();
    } finally {
      child.destroy();
      child.waitFor(10, TimeUnit.SECONDS);
      rig.close();
    }
  }

  // ---- stream set-up: what the proxy allocates to open one ------------------------------------

  /**
   * Opens streams through an in-process proxy and reports what its threads allocated and spent in
   * CPU per stream opened: connection set-up garbage is what makes the JVM grow its heap, and so
   * its resident memory, well beyond the live heap an idle stream keeps.
   */
  private void setup() throws Exception {
    int streams = intOpt("streams", 2000);
    int rounds = intOpt("rounds", 3);
    LoadRig rig = LoadRig.start();
    try (ProxyServer proxy = startProxy(rig.backendAddress(), opts)) {
      System.out.printf(
          Locale.ROOT,
          "setup: %d streams opened per round, %s transport%n",
          streams,
          proxy.config().transport().wireName());
      SseClients warm = new SseClients(rig.clientLoop(), null);
      warm.open(proxy.address(), "/idle", Math.min(500, streams), 60);
      warm.closeAll();
      // The proxy's side of those closes runs after the clients' closes return.
      TimeUnit.SECONDS.sleep(1);
      for (int r = 1; r <= rounds; r++) {
        long alloc0 = threadAllocatedBytes("multiThreadIoEventLoopGroup-");
        long tel0 = threadAllocatedBytes("ssewatch-telemetry");
        long cpu0 = proxyLoopCpuNanos();
        SseClients clients = new SseClients(rig.clientLoop(), null);
        clients.open(proxy.address(), "/idle", streams, 120);
        // The one event each stream gets comes right after its head.
        TimeUnit.SECONDS.sleep(1);
        long loopAlloc = threadAllocatedBytes("multiThreadIoEventLoopGroup-") - alloc0;
        long telAlloc = threadAllocatedBytes("ssewatch-telemetry") - tel0;
        long cpu = proxyLoopCpuNanos() - cpu0;
        System.out.printf(
            Locale.ROOT,
            "round %d: per stream opened: event loops allocated %,d B, telemetry thread %,d B;"
                + " event-loop CPU %,d ns%n",
            r,
            loopAlloc / streams,
            telAlloc / streams,
            cpu / streams);
        clients.closeAll();
        TimeUnit.SECONDS.sleep(1);
      }
    } finally {
      rig.close();
    }
  }

  private static long threadAllocatedBytes(String namePrefix) {
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (java.lang.management.ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (t != null && t.getThreadName().startsWith(namePrefix)) {
        sum += Math.max(0, mx.getThreadAllocatedBytes(t.getThreadId()));
      }
    }
    return sum;
  }

  private static String jcmd(long pid, String... command) throws Exception {
    List<String> cmd = new java.util.ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
    cmd.add(String.valueOf(pid));
    cmd.addAll(List.of(command));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    return out;
  }

  private static long rssKib(long pid) throws IOException {
    return statusKib(pid, "VmRSS:");
  }

  /** One {@code kB} figure of {@code /proc/PID/status}: VmRSS, RssAnon, RssFile. */
  private static long statusKib(long pid, String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith(field)) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no " + field + " for " + pid);
  }

  /** Heap in use in the child, from {@code jcmd GC.heap_info}: the sum of its "used" figures. */
  private static long heapUsedKib(long pid) throws Exception {
    return sumOfKib(jcmd(pid, "GC.heap_info"), "total \\d+K, used (\\d+)K");
  }

  /** Heap committed in the child, from {@code jcmd GC.heap_info}: the sum of its "total"s. */
  private static long heapCommittedKib(long pid) throws Exception {
    return sumOfKib(jcmd(pid, "GC.heap_info"), "total (\\d+)K, used \\d+K");
  }

  private static long sumOfKib(String text, String regex) {
    long sum = 0;
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(regex).matcher(text);
    while (m.find()) {
      sum += Long.parseLong(m.group(1));
    }
    return sum;
  }

  /**
   * Waits until the burst of new streams is over for the JVM too: its JIT compilers go on compiling
   * the set-up path for seconds after the last stream opened (on two cores, C2's queue drains
   * slowly), holding arena chunks of several MB, and HotSpot hands spare chunks back only every 5
   * s. With 6 s, the second half of 5,000 streams read 4.7-7.2 KiB of RSS per stream with 2.8 MB of
   * compiler arenas still in use; with 20 s, 3.6 KiB and none. Both readings wait as long ({@code
   * --settle S}).
   */
  private void settle() throws InterruptedException {
    TimeUnit.SECONDS.sleep(intOpt("settle", 20));
  }

  /** A full GC in the child, so garbage from connection set-up does not count as per-stream. */
  private static void gc(long pid) throws Exception {
    jcmd(pid, "GC.run");
    TimeUnit.SECONDS.sleep(1);
  }

  private static void awaitListening(int port, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException e) {
        TimeUnit.MILLISECONDS.sleep(100);
      }
    }
    throw new IllegalStateException("proxy did not start listening on " + port);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static double median(double[] v) {
    double[] c = v.clone();
    java.util.Arrays.sort(c);
    return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
  }

  // ---- soak: reconnecting streams through a proxy JVM, checked end to end ------------------

  private void soak() throws Exception {
    int streams = intOpt("streams", 200);
    double minutes = Double.parseDouble(opts.getOrDefault("minutes", "2"));
    int sampleSeconds = intOpt("sample", 10);
    Path jar = proxyJar();
    ResumableBackend backend = new ResumableBackend(intOpt("rate", 10), intOpt("mean-events", 100));
    LoadRig rig = LoadRig.start(backend::start);
    Path telemetry = Files.createTempFile("soak-telemetry", ".jsonl");
    int port = freePort();
    Process child =
        startProxyJvm(jar, port, rig.backendAddress(), "-Dssewatch.jsonl.path=" + telemetry);
    try {
      awaitListening(port, Duration.ofSeconds(20));
      System.out.printf(
          Locale.ROOT,
          "soak: %d streams x %d events/s for %.1f min through a proxy JVM (pid %d), %d cores%n",
          streams,
          intOpt("rate", 10),
          minutes,
          child.pid(),
          Runtime.getRuntime().availableProcessors());
      Soak soak = new Soak(rig.clientLoop(), new InetSocketAddress("127.0.0.1", port), streams);
      long start = System.nanoTime();
      long end = start + (long) (minutes * 60e9);
      soak.start();
      long maxRss = 0;
      while (System.nanoTime() < end) {
        TimeUnit.SECONDS.sleep(
            Math.max(1, Math.min(sampleSeconds, (end - System.nanoTime()) / 1_000_000_000L)));
        long rss = rssKib(child.pid());
        maxRss = Math.max(maxRss, rss);
        System.out.printf(
            Locale.ROOT,
            "t=%4ds  proxy RSS %,7d KiB  delivered %,9d  connections %,6d%n",
            (System.nanoTime() - start) / 1_000_000_000L,
            rss,
            soak.delivered.sum(),
            soak.connections.sum());
      }
      // Quiet first, so that every event the proxy recorded has reached its client when they
      // close: then events recorded and delivered must agree exactly.
      backend.pause();
      TimeUnit.SECONDS.sleep(2);
      soak.stop();
      // The proxy records the client closes; its dispatcher flushes at shutdown (SIGTERM).
      TimeUnit.SECONDS.sleep(2);
      child.destroy();
      if (!child.waitFor(30, TimeUnit.SECONDS)) {
        System.out.println("proxy did not exit within 30 s of SIGTERM");
      }
      Soak.Telemetry t = Soak.readTelemetry(telemetry);
      System.out.println(soak.summary());
      System.out.printf(
          Locale.ROOT,
          "backend drops on purpose: %,d clean, %,d mid-event%n",
          backend.cleanDrops.sum(),
          backend.abruptDrops.sum());
      System.out.printf(
          Locale.ROOT,
          "telemetry: stream_start %,d, stream_end %,d (without a start: %,d), events recorded %,d"
              + " (delivered %,d), telemetry_dropped %,d%n",
          t.starts(),
          t.ends(),
          t.endsWithoutStart(),
          t.events(),
          soak.delivered.sum(),
          t.dropped());
      System.out.printf(Locale.ROOT, "proxy RSS: largest sample %,d KiB%n", maxRss);
    } finally {
      child.destroyForcibly();
      rig.close();
      Files.deleteIfExists(telemetry);
    }
  }

  // ---- shared --------------------------------------------------------------------------------

  /** The command-line jar the separate-JVM modes run: option proxy-jar, built by package. */
  private Path proxyJar() {
    Path jar = Path.of(opts.getOrDefault("proxy-jar", "cli/target/ssewatch.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " not found: build with mvn -pl cli -am package");
    }
    return jar;
  }

  /**
   * Starts the proxy in a JVM of its own (options jvm and transport), listening on the port and
   * forwarding to the backend, without its admin endpoint; system properties go before -jar.
   */
  private Process startProxyJvm(
      Path jar, int port, InetSocketAddress backend, String... systemProperties)
      throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new java.util.ArrayList<>();
    cmd.add(java);
    cmd.addAll(List.of(opts.getOrDefault("jvm", "-Xmx512m").trim().split("\\s+")));
    cmd.addAll(List.of(systemProperties));
    cmd.addAll(
        List.of(
            "-jar",
            jar.toString(),
            "proxy",
            "--listen",
            "127.0.0.1:" + port,
            "--backend",
            "http://127.0.0.1:" + backend.getPort(),
            "--admin",
            "off"));
    if (opts.containsKey("transport")) {
      cmd.addAll(List.of("--transport", opts.get("transport")));
    }
    return new ProcessBuilder(cmd)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }

  /**
   * The transport of the harness's own clients and backend, whatever the proxy under test uses:
   * epoll where it loads. Netty 4.2.18's NIO loop rounds a select timeout under half a millisecond
   * down to a non-blocking select, so a backend with a thousand staggered timers (the latency mode)
   * spins a whole core and takes it from the proxy it is measuring.
   */
  static final Transport HARNESS_TRANSPORT = Transport.auto();

  /** The proxy in-process, recording every stream and exporting JSON lines to /dev/null. */
  private static ProxyServer startProxy(InetSocketAddress backend, Map<String, String> opts) {
    ProxyConfig cfg =
        ProxyConfig.builder()
            .listen(new InetSocketAddress("127.0.0.1", 0))
            .admin(null)
            .drain(Duration.ZERO)
            .route(
                Route.all(
                    URI.create("http://127.0.0.1:" + backend.getPort()), RouteOptions.defaults()))
            .transport(Transport.parse(opts.get("transport")))
            .build();
    // --settings FILE adds ssewatch.* keys from a properties file, e.g. exporters pointed at a
    // stalled or unreachable collector, to show they never slow the streams down.
    String file = opts.get("settings");
    Settings settings =
        file == null
            ? Settings.of(Map.of("ssewatch.jsonl.path", "/dev/null"))
            : Settings.load(
                Map.of("ssewatch.jsonl.path", "/dev/null", Settings.CONFIG_FILE, file), Map.of());
    ProxyServer.Builder b =
        ProxyServer.builder(cfg)
            .settings(settings)
            .eventLoopThreads(Integer.parseInt(opts.getOrDefault("proxy-threads", "2")));
    switch (opts.getOrDefault("record", "jsonl")) {
      case "none" -> b.streamTaps(StreamTaps.NONE);
      case "discard" -> b.telemetry(r -> {});
      default -> {
        // the dispatcher with its default JSON-lines sink, written to /dev/null
      }
    }
    return b.build().start();
  }
}
