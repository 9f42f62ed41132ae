package dev.ssewatch.benchmarks.recorder;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.stream.StreamRecorder;
import dev.ssewatch.core.stream.StreamRecorders;
import dev.ssewatch.core.telemetry.CloseReason;
import dev.ssewatch.core.telemetry.EventRecord;
import dev.ssewatch.core.telemetry.JsonLinesSink;
import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.telemetry.TelemetryDispatcher;
import dev.ssewatch.core.telemetry.TelemetryRecord;
import dev.ssewatch.core.telemetry.TelemetrySink;
import dev.ssewatch.core.time.TimeSource;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * CPU time and heap allocation per event on the proxy's recording path, as shipped: {@code
 * StreamRecorder.onBytes} with 200-byte events, {@code onWireWrite} after each read, the
 * dispatcher's queue, and the JSON-lines sink writing to a null stream.
 *
 * <p>Measured with per-thread CPU and allocation counters of both threads involved (the caller,
 * standing in for an event loop, and the dispatcher's worker), so the figures stay meaningful on a
 * machine busy with other work, where wall-clock rates are not.
 *
 * <pre>
 * java -jar recorder-cost.jar [--events 2000000] [--streams 50] [--per-read 1] [--event-bytes 200]
 *     [--rounds 5] [--set key=value] [--slow-sink NANOS]
 * java -jar recorder-cost.jar --footprint 5000 [--histogram 20]
 * java -jar recorder-cost.jar --sink-only [--events 2000000] [--rounds 5]
 * </pre>
 *
 * <p>The agent's pattern is one write and one flush per small event on a few threads: {@code
 * --streams 8 --event-bytes 60}. {@code --footprint N} instead opens N streams and reports the heap
 * each one holds: idle after its headers, just after one event, and after a quiet second and a
 * tick; {@code --histogram K} adds the K classes that grew most at each point. {@code --sink-only}
 * times the JSON-lines sink alone on one thread (prebuilt event records, no queue): the telemetry
 * thread's encoding cost without the hand-over between cores.
 *
 * <p>{@code --slow-sink NANOS} shows overload: the sink parks its thread (no CPU) for that long per
 * record before encoding it, and the caller no longer waits for the queue to drain every 16 Ki
 * events, so the queue fills and records are shed or dropped. With {@code --set
 * ssewatch.queue.size=1024} it fills within a few microseconds. Each round then also reports how
 * many event records reached the sink and how many records were lost (shed or dropped).
 */
public final class RecorderCost {

  private RecorderCost() {}

  public static void main(String[] args) throws Exception {
    long events = 2_000_000;
    int streams = 50;
    int perRead = 1;
    int rounds = 5;
    int eventBytes = 200;
    int footprint = 0;
    int histogram = 0;
    boolean sinkOnly = false;
    long slowSinkNanos = 0;
    Map<String, String> settings = new java.util.HashMap<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--events" -> events = Long.parseLong(args[++i]);
        case "--streams" -> streams = Integer.parseInt(args[++i]);
        case "--per-read" -> perRead = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--event-bytes" -> eventBytes = Integer.parseInt(args[++i]);
        case "--footprint" -> footprint = Integer.parseInt(args[++i]);
        case "--histogram" -> histogram = Integer.parseInt(args[++i]);
        case "--sink-only" -> sinkOnly = true;
        case "--slow-sink" -> slowSinkNanos = Long.parseLong(args[++i]);
        case "--set" -> {
          // A core setting such as ssewatch.event-id=raw, to see what one feature costs.
          String kv = args[++i];
          int eq = kv.indexOf('=');
          settings.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    if (sinkOnly) {
      sinkOnly(threads, events, rounds);
      return;
    }
    // The dispatcher is built here rather than from the settings (which would open the configured
    // exporter), but takes its queue size from them, so that --set ssewatch.queue.size works.
    int queueSize =
        Settings.of(settings)
            .intValue(
                "ssewatch.queue.size",
                TelemetryDispatcher.DEFAULT_QUEUE_SIZE,
                1,
                TelemetryDispatcher.MAX_QUEUE_SIZE);
    CountingSink sink =
        new CountingSink(
            JsonLinesSink.stdout(new PrintStream(OutputStream.nullOutputStream())), slowSinkNanos);
    TelemetryDispatcher dispatcher =
        TelemetryDispatcher.builder().queueSize(queueSize).sink("jsonl", sink).build();
    StreamRecorders recorders =
        StreamRecorders.createWithoutTicker(
            Settings.of(settings), StreamSource.PROXY, dispatcher, TimeSource.system());
    long worker = workerThreadId();
    if (footprint > 0) {
      footprint(recorders, dispatcher, footprint, histogram);
      return;
    }
    List<StreamRecorder> open = new ArrayList<>();
    for (int s = 0; s < streams; s++) {
      StreamRecorder r =
          recorders.begin(
              "GET",
              "/events?stream=" + s,
              null,
              List.of(new Header("Accept", "text/event-stream")),
              System.nanoTime(),
              true);
      r.onResponseHeaders(
          200, List.of(new Header("Content-Type", "text/event-stream")), System.nanoTime());
      open.add(r);
    }
    byte[][] reads = reads(perRead, eventBytes);
    System.out.printf(
        "recorder path: %d streams, %d x %d-byte events per read, %,d events per round%s%n",
        streams,
        perRead,
        eventBytes,
        events,
        slowSinkNanos > 0
            ? String.format(
                ", sink slowed by %,d ns per record, queue of %d", slowSinkNanos, queueSize)
            : "");
    for (int round = 0; round <= rounds; round++) {
      long me = Thread.currentThread().getId();
      long cpu0 = threads.getThreadCpuTime(me);
      long alloc0 = threads.getThreadAllocatedBytes(me);
      long wcpu0 = threads.getThreadCpuTime(worker);
      long walloc0 = threads.getThreadAllocatedBytes(worker);
      long dropped0 = dispatcher.dropped();
      long records0 = sink.eventRecords();
      long done = 0;
      int next = 0;
      while (done < events) {
        StreamRecorder r = open.get(next);
        next = next + 1 == streams ? 0 : next + 1;
        byte[] read = reads[(int) (done / perRead) & (reads.length - 1)];
        // One clock reading per read, as the proxy takes it: the write completion gets its own.
        r.onBytes(read, 0, read.length, System.nanoTime());
        r.onWireWrite(System.nanoTime());
        done += perRead;
        if (slowSinkNanos == 0 && (done & 0x3fff) < perRead) {
          // Keep the queue from overflowing: this benchmark measures cost, not drops.
          dispatcher.flush(Duration.ofSeconds(30));
        }
      }
      long cpu = threads.getThreadCpuTime(me) - cpu0;
      long alloc = threads.getThreadAllocatedBytes(me) - alloc0;
      // What recorders shed is handed to the dispatcher at their tick.
      recorders.tick();
      dispatcher.flush(Duration.ofSeconds(600));
      long wcpu = threads.getThreadCpuTime(worker) - wcpu0;
      long walloc = threads.getThreadAllocatedBytes(worker) - walloc0;
      long dropped = dispatcher.dropped() - dropped0;
      long records = sink.eventRecords() - records0;
      System.out.printf(
          "%s: caller %6.1f ns %6.1f B | telemetry thread %6.1f ns %6.1f B | total %6.1f ns %6.1f"
              + " B per event | dropped %d | event records exported %d%n",
          round == 0 ? "warm-up" : "round " + round,
          (double) cpu / done,
          (double) alloc / done,
          (double) wcpu / done,
          (double) walloc / done,
          (double) (cpu + wcpu) / done,
          (double) (alloc + walloc) / done,
          dropped,
          records);
    }
    for (StreamRecorder r : open) {
      r.onEnd(CloseReason.CLIENT_ABORT, System.nanoTime());
    }
    dispatcher.close();
  }

  /**
   * Passes batches on to the JSON-lines sink, counting event records, optionally after parking for
   * a while per record: an exporter slower than the recorders, without burning the CPU it waits.
   */
  private static final class CountingSink implements TelemetrySink {
    private final TelemetrySink next;
    private final long parkNanosPerRecord;
    private volatile long eventRecords;

    CountingSink(TelemetrySink next, long parkNanosPerRecord) {
      this.next = next;
      this.parkNanosPerRecord = parkNanosPerRecord;
    }

    long eventRecords() {
      return eventRecords;
    }

    @Override
    public void export(List<TelemetryRecord> batch) {
      if (parkNanosPerRecord > 0) {
        long until = System.nanoTime() + parkNanosPerRecord * batch.size();
        for (long left; (left = until - System.nanoTime()) > 0; ) {
          LockSupport.parkNanos(left);
        }
      }
      long n = 0;
      for (int i = 0, size = batch.size(); i < size; i++) {
        if (batch.get(i) instanceof EventRecord) {
          n++;
        }
      }
      eventRecords += n; // the worker is the only writer
      next.export(batch);
    }

    @Override
    public void flush() {
      next.flush();
    }

    @Override
    public void shutdown() {
      next.shutdown();
    }
  }

  /** 16 reads of {@code perRead} events each, {@code size} bytes per event, with varying ids. */
  private static byte[][] reads(int perRead, int size) {
    byte[][] out = new byte[16][];
    int id = 1000;
    for (int k = 0; k < out.length; k++) {
      StringBuilder b = new StringBuilder();
      for (int e = 0; e < perRead; e++) {
        String head = "id: " + id++ + "\nevent: tick\ndata: ";
        StringBuilder ev = new StringBuilder(head);
        while (ev.length() < size - 2) {
          ev.append('x');
        }
        ev.append("\n\n");
        b.append(ev);
      }
      out[k] = b.toString().getBytes(StandardCharsets.US_ASCII);
    }
    return out;
  }

  /**
   * The sink's CPU and allocation per event record, on this thread: batches of 512 records like the
   * dispatcher's, with hashed ids, a few streams and realistic durations.
   */
  private static void sinkOnly(com.sun.management.ThreadMXBean threads, long events, int rounds) {
    JsonLinesSink sink = JsonLinesSink.stdout(new PrintStream(OutputStream.nullOutputStream()));
    List<TelemetryRecord> batch = new ArrayList<>();
    long ts = System.currentTimeMillis();
    for (int i = 0; i < 512; i++) {
      batch.add(
          new EventRecord(
              "9f86d081884c7d65-" + i % 50,
              ts + i / 8,
              1_000 + i,
              "tick",
              String.format("%016x", i * 0x9E3779B97F4A7C15L),
              190,
              1,
              2_345_678L,
              1_234_567L,
              45_678L));
    }
    List<TelemetryRecord> records = List.copyOf(batch);
    System.out.printf("JSON-lines sink alone: batches of %d event records%n", records.size());
    for (int round = 0; round <= rounds; round++) {
      long cpu0 = threads.getCurrentThreadCpuTime();
      long alloc0 = threads.getCurrentThreadAllocatedBytes();
      long done = 0;
      while (done < events) {
        sink.export(records);
        done += records.size();
      }
      long cpu = threads.getCurrentThreadCpuTime() - cpu0;
      long alloc = threads.getCurrentThreadAllocatedBytes() - alloc0;
      System.out.printf(
          "%s: %6.1f ns %6.1f B per record%n",
          round == 0 ? "warm-up" : "round " + round, (double) cpu / done, (double) alloc / done);
    }
  }

  /**
   * Heap held per open stream, from the used heap after full collections: N proxy-like streams
   * (three request headers, event-stream response), first idle after their headers, then after one
   * event each has been written to the wire, then after a quiet second and a tick. With {@code
   * histogram > 0}, also the classes that grew most at each stage, in bytes and objects per stream.
   */
  private static void footprint(
      StreamRecorders recorders, TelemetryDispatcher dispatcher, int n, int histogram)
      throws Exception {
    // Taken before the base reading, so that every reading includes it; each stage's own
    // histogram is garbage before the next reading.
    Map<String, long[]> baseClasses = histogram > 0 ? classHistogram() : null;
    long base = usedAfterGc();
    List<StreamRecorder> open = new ArrayList<>(n);
    for (int s = 0; s < n; s++) {
      StreamRecorder r =
          recorders.begin(
              "GET",
              "/events?stream=" + s,
              null,
              List.of(
                  new Header("Accept", "text/event-stream"),
                  new Header("Host", "127.0.0.1:8080"),
                  new Header("User-Agent", "bench/1")),
              System.nanoTime(),
              true);
      r.onResponseHeaders(
          200,
          List.of(
              new Header("Content-Type", "text/event-stream"),
              new Header("Cache-Control", "no-cache")),
          System.nanoTime());
      open.add(r);
    }
    dispatcher.flush(Duration.ofSeconds(30));
    long headers = usedAfterGc();
    printGrowth("idle after headers", baseClasses, n, histogram);
    byte[] event = reads(1, 60)[0];
    for (StreamRecorder r : open) {
      r.onBytes(event, 0, event.length, System.nanoTime());
      r.onWireWrite(System.nanoTime());
    }
    dispatcher.flush(Duration.ofSeconds(30));
    long oneEvent = usedAfterGc();
    printGrowth("just after one event", baseClasses, n, histogram);
    // A quiet spell and the periodic checks the ticker thread would run: what idle streams hold.
    Thread.sleep(1_100);
    recorders.tick();
    dispatcher.flush(Duration.ofSeconds(30));
    long afterTick = usedAfterGc();
    printGrowth("after a quiet second and a tick", baseClasses, n, histogram);
    System.out.printf(
        "footprint: %d streams | idle after headers %,.0f B per stream | just after one event"
            + " %,.0f B | one event, then a quiet second and a tick %,.0f B%n",
        n,
        (double) (headers - base) / n,
        (double) (oneEvent - base) / n,
        (double) (afterTick - base) / n);
    for (StreamRecorder r : open) {
      r.onEnd(CloseReason.CLIENT_ABORT, System.nanoTime());
    }
    dispatcher.close();
  }

  /**
   * The live objects by class ({@code GC.class_histogram}, which collects first): class name to
   * {instances, bytes}.
   */
  private static Map<String, long[]> classHistogram() throws Exception {
    String text =
        (String)
            ManagementFactory.getPlatformMBeanServer()
                .invoke(
                    new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "gcClassHistogram",
                    new Object[] {new String[0]},
                    new String[] {String[].class.getName()});
    Map<String, long[]> out = new java.util.HashMap<>();
    for (String line : text.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 4 && f[0].endsWith(":")) {
        out.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
      }
    }
    return out;
  }

  /** The {@code top} classes that grew most since {@code before}, per stream; none for top 0. */
  private static void printGrowth(String stage, Map<String, long[]> before, int n, int top)
      throws Exception {
    if (top <= 0) {
      return;
    }
    Map<String, long[]> after = classHistogram();
    List<Map.Entry<String, long[]>> grown = new ArrayList<>();
    for (Map.Entry<String, long[]> e : after.entrySet()) {
      long[] b = before.getOrDefault(e.getKey(), new long[2]);
      long[] d = {e.getValue()[0] - b[0], e.getValue()[1] - b[1]};
      if (d[1] >= n) {
        grown.add(Map.entry(e.getKey(), d));
      }
    }
    grown.sort((x, y) -> Long.compare(y.getValue()[1], x.getValue()[1]));
    long total = 0;
    for (Map.Entry<String, long[]> e : grown) {
      total += e.getValue()[1];
    }
    System.out.printf(
        "%s, classes grown by at least 1 B per stream (%,.0f B in all):%n",
        stage, (double) total / n);
    for (Map.Entry<String, long[]> e : grown.subList(0, Math.min(top, grown.size()))) {
      System.out.printf(
          "  %7.1f B %5.2f objects  %s%n",
          (double) e.getValue()[1] / n, (double) e.getValue()[0] / n, e.getKey());
    }
  }

  private static long usedAfterGc() throws InterruptedException {
    var memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(50); // a benchmark, not a test: lets concurrent cleanup settle
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  private static long workerThreadId() {
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals(TelemetryDispatcher.THREAD_NAME)) {
        return t.getId();
      }
    }
    throw new IllegalStateException("no " + TelemetryDispatcher.THREAD_NAME + " thread");
  }
}
