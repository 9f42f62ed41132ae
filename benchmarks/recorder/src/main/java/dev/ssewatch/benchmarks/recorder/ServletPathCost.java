package dev.ssewatch.benchmarks.recorder;

import dev.ssewatch.agent.bootstrap.BodyCalls;
import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.agent.bootstrap.SseHooks;
import dev.ssewatch.agent.runtime.AgentHooks;
import dev.ssewatch.agent.runtime.RecordingWarmUp;
import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.stream.StreamRecorders;
import dev.ssewatch.core.telemetry.JsonLinesSink;
import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.telemetry.TelemetryDispatcher;
import dev.ssewatch.core.time.TimeSource;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * What the agent does per event on a servlet container, without the container: the agent's servlet
 * body context and core's recorder driven exactly as the advice inlined into the container's output
 * stream drives them, for the calls one Spring MVC {@code SseEmitter.send} makes on Tomcat.
 *
 * <p>Spring writes an event in three parts, each through a message converter that flushes: the
 * {@code id:}/{@code event:}/{@code data:} prefix (a write and two flushes), the JSON data from
 * Jackson (a write and three flushes: Jackson's own, passed through, the converter's and the
 * emitter's) and the blank line (a write and two flushes). Each call passes Spring's {@code
 * ServletOutputStream} wrapper first, which is instrumented too and whose advice finds no body
 * context: per event 3 writes and 7 flushes reach the agent's context. {@code --sequence plain} is
 * a servlet writing one array per event and flushing it; {@code --wrapper true} adds the 10 lookups
 * that miss which Spring's wrapper cost while it was advised.
 *
 * <p>{@code --calls out-of-line} (the default) calls the agent as the advice does, through {@link
 * BodyCalls}; {@code --calls inlined} as the advice did before, its lookup and the context's
 * methods called from the advised method itself. {@code BodyCalls} stays out of line only where the
 * boot class loader defines it, as in the agent: run with {@code
 * -Xbootclasspath/a:JAR-WITH-dev/ssewatch/agent/bootstrap} for that.
 *
 * <p>Two measurements: a tight loop (CPU time of this thread and of the telemetry thread per event,
 * as the recorder benchmark gives them), and {@code --cold-events} events each after reading a
 * {@code --cold-bytes} array, which pushes the agent's code and data out of the caches as a server
 * thread woken once per event at a paced load finds them. The cold figures are wall-clock times of
 * the event's calls alone, taken alternately with an empty measurement whose time is subtracted, so
 * that a loaded machine shifts both alike; the median is the figure to read.
 *
 * <pre>
 * java -cp recorder-cost.jar dev.ssewatch.benchmarks.recorder.ServletPathCost [--sample all|none]
 *     [--sequence spring|plain] [--events 2000000] [--cold-events 20000] [--cold-bytes 8388608]
 *     [--streams 8] [--rounds 5] [--wrapper false|true] [--calls out-of-line|inlined]
 * </pre>
 */
public final class ServletPathCost {

  private static final String NS = "jakarta.servlet";

  private ServletPathCost() {}

  public static void main(String[] args) throws Exception {
    String sample = "all";
    String sequence = "spring";
    long events = 2_000_000;
    int coldEvents = 20_000;
    int coldBytes = 8 << 20;
    int streams = 8;
    int rounds = 5;
    boolean wrapper = false;
    boolean outOfLine = true;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--sample" -> sample = args[++i];
        case "--sequence" -> sequence = args[++i];
        case "--events" -> events = Long.parseLong(args[++i]);
        case "--cold-events" -> coldEvents = Integer.parseInt(args[++i]);
        case "--cold-bytes" -> coldBytes = Integer.parseInt(args[++i]);
        case "--streams" -> streams = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--wrapper" -> wrapper = Boolean.parseBoolean(args[++i]);
        case "--calls" ->
            outOfLine =
                switch (args[++i]) {
                  case "out-of-line" -> true;
                  case "inlined" -> false;
                  default -> throw new IllegalArgumentException("--calls out-of-line|inlined");
                };
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    boolean spring =
        switch (sequence) {
          case "spring" -> true;
          case "plain" -> false;
          default -> throw new IllegalArgumentException("--sequence spring|plain: " + sequence);
        };
    // No warm-up thread: this benchmark warms the path itself.
    Settings settings =
        Settings.of(Map.of("ssewatch.events.sample", sample, "ssewatch.agent.warmup", "false"));
    TelemetryDispatcher dispatcher =
        TelemetryDispatcher.builder()
            .sink("jsonl", JsonLinesSink.stdout(new PrintStream(OutputStream.nullOutputStream())))
            .build();
    StreamRecorders recorders =
        StreamRecorders.createWithoutTicker(
            settings, StreamSource.AGENT, dispatcher, TimeSource.system());
    AgentHooks hooks = new AgentHooks(recorders, new RecordingWarmUp(settings));
    Stream[] open = new Stream[streams];
    for (int s = 0; s < streams; s++) {
      open[s] = Stream.open(hooks, wrapper, outOfLine);
    }
    Events sent = new Events();
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long worker = workerThreadId();
    long me = Thread.currentThread().getId();
    System.out.printf(
        "servlet path (%s%s, %s): events.sample=%s, %d streams, %d + %d + %d bytes per event%n",
        spring ? "Spring MVC SseEmitter on Tomcat: 3 writes, 7 flushes" : "plain: 1 write, 1 flush",
        wrapper ? ", each through a wrapper" : "",
        !outOfLine
            ? "calls inlined"
            : BodyCalls.class.getClassLoader() == null
                ? "calls out of line"
                : "calls out of line, but inlined: BodyCalls not on the boot class path",
        sample,
        streams,
        sent.prefix(0).length,
        sent.json.length,
        Events.END.length);

    for (int round = 0; round <= rounds; round++) {
      long cpu0 = threads.getThreadCpuTime(me);
      long alloc0 = threads.getThreadAllocatedBytes(me);
      long wcpu0 = threads.getThreadCpuTime(worker);
      for (long e = 0; e < events; e++) {
        open[(int) (e % streams)].send(sent, e, spring);
        if ((e & 0x3fff) == 0x3fff) {
          // Keep the queue from shedding: this measures cost, not overload.
          dispatcher.flush(Duration.ofSeconds(30));
        }
      }
      long cpu = threads.getThreadCpuTime(me) - cpu0;
      long alloc = threads.getThreadAllocatedBytes(me) - alloc0;
      dispatcher.flush(Duration.ofSeconds(600));
      long wcpu = threads.getThreadCpuTime(worker) - wcpu0;
      System.out.printf(
          "tight %s: writing thread %6.1f ns %5.1f B | telemetry thread %6.1f ns | total %6.1f ns"
              + " per event%n",
          round == 0 ? "warm-up" : "round " + round,
          (double) cpu / events,
          (double) alloc / events,
          (double) wcpu / events,
          (double) (cpu + wcpu) / events);
    }

    if (coldEvents > 0) {
      byte[] cold = new byte[coldBytes];
      long[] full = new long[coldEvents];
      long[] empty = new long[coldEvents];
      for (int round = 0; round <= Math.min(rounds, 3); round++) {
        long wcpu0 = threads.getThreadCpuTime(worker);
        long sum = 0;
        for (int e = 0; e < coldEvents; e++) {
          sum += touch(cold);
          long t0 = System.nanoTime();
          long t1 = System.nanoTime();
          empty[e] = t1 - t0;
          sum += touch(cold);
          long t2 = System.nanoTime();
          open[e % streams].send(sent, e, spring);
          long t3 = System.nanoTime();
          full[e] = t3 - t2;
          if ((e & 0x3ff) == 0x3ff) {
            dispatcher.flush(Duration.ofSeconds(30));
          }
        }
        dispatcher.flush(Duration.ofSeconds(600));
        long wcpu = threads.getThreadCpuTime(worker) - wcpu0;
        Arrays.sort(full);
        Arrays.sort(empty);
        System.out.printf(
            "cold %s: event calls p50 %6.0f ns (p25 %5.0f, p75 %5.0f, mean %6.0f) after %d KiB"
                + " read; empty p50 %3d ns; telemetry thread %6.1f ns per event [%d]%n",
            round == 0 ? "warm-up" : "round " + round,
            (double) (full[coldEvents / 2] - empty[coldEvents / 2]),
            (double) (full[coldEvents / 4] - empty[coldEvents / 4]),
            (double) (full[coldEvents * 3 / 4] - empty[coldEvents * 3 / 4]),
            mean(full) - mean(empty),
            coldBytes >> 10,
            empty[coldEvents / 2],
            (double) wcpu / coldEvents,
            sum & 1);
      }
    }
    for (Stream s : open) {
      s.close(hooks);
    }
    dispatcher.close();
  }

  /** One response body: the container's stream, Spring's wrapper around it, and the exchange. */
  private record Stream(Object response, Object body, Object wrapper, boolean outOfLine) {

    static Stream open(AgentHooks hooks, boolean wrapper, boolean outOfLine) {
      Object response = fakeResponse();
      Object body = new Object();
      Stream s = new Stream(response, body, wrapper ? new Object() : null, outOfLine);
      Object token = hooks.servletEnter(fakeRequest(), response, true, NS);
      hooks.servletBody(response, body, "text/event-stream");
      hooks.servletExit(token, true, null);
      // The response commits at its first flush, and is recorded from then on.
      s.flush();
      return s;
    }

    void send(Events events, long seq, boolean spring) {
      if (!spring) {
        write(events.whole(seq));
        flush();
        return;
      }
      write(events.prefix(seq));
      flush();
      flush();
      write(events.json);
      flush();
      flush();
      flush();
      write(Events.END);
      flush();
      flush();
    }

    /** The write advice of the wrapper, then of the container's stream inside it. */
    void write(byte[] b) {
      BodyContext outer = wrapper == null ? null : SseHooks.context(wrapper);
      if (outer != null && outer.enter()) {
        outer.onBytes(b, 0, b.length);
      }
      if (outOfLine) {
        BodyContext c = BodyCalls.write(body, b, 0, b.length);
        if (c != null) {
          BodyCalls.exitWrite(c, null);
        }
      } else {
        BodyContext c = SseHooks.context(body);
        if (c != null && c.enter()) {
          c.onBytes(b, 0, b.length);
        }
        if (c != null) {
          c.exitWrite(null);
        }
      }
      if (outer != null) {
        outer.exitWrite(null);
      }
    }

    /** The flush advice of the wrapper, then of the container's stream inside it. */
    void flush() {
      BodyContext outer = wrapper == null ? null : SseHooks.context(wrapper);
      if (outer != null) {
        outer.enterFlush();
      }
      if (outOfLine) {
        BodyContext c = BodyCalls.flush(body);
        if (c != null) {
          BodyCalls.exitFlush(c, null);
        }
      } else {
        BodyContext c = SseHooks.context(body);
        if (c != null) {
          c.enterFlush();
        }
        if (c != null) {
          c.exitFlush(null);
        }
      }
      if (outer != null) {
        outer.exitFlush(null);
      }
    }

    void close(AgentHooks hooks) {
      hooks.servletComplete(response);
    }
  }

  /** The bytes of 16 events, with their own ids, as Spring writes them. */
  private static final class Events {
    static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);

    private final byte[][] prefixes = new byte[16][];
    private final byte[][] wholes = new byte[16][];
    final byte[] json;

    Events() {
      StringBuilder j =
          new StringBuilder(
              "{\"t\":123456789012345,\"seq\":1,\"stream\":\"18f3a5c2b7e\",\"symbol\":\"SSEW\","
                  + "\"venue\":\"XAMS\",\"currency\":\"EUR\",\"bid\":100.0,\"ask\":100.02,"
                  + "\"last\":100.01,\"volume\":1001,\"flags\":[\"regular\",\"lit\","
                  + "\"delayed-0ms\"],\"note\":\"");
      while (j.length() < 298) {
        j.append('x');
      }
      j.append("\"}");
      json = j.toString().getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < 16; i++) {
        String prefix = "id:" + (1000 + i) + "\nevent:tick\ndata:";
        prefixes[i] = prefix.getBytes(StandardCharsets.US_ASCII);
        wholes[i] = (prefix + j + "\n\n").getBytes(StandardCharsets.US_ASCII);
      }
    }

    byte[] prefix(long seq) {
      return prefixes[(int) (seq & 15)];
    }

    byte[] whole(long seq) {
      return wholes[(int) (seq & 15)];
    }
  }

  /** Reads one byte of every cache line of {@code a}. */
  private static long touch(byte[] a) {
    long s = 0;
    for (int i = 0; i < a.length; i += 64) {
      s += a[i];
    }
    return s;
  }

  private static double mean(long[] sorted) {
    // Without the slowest 1 %: a preempted measurement says nothing about the agent.
    int n = sorted.length - sorted.length / 100;
    long s = 0;
    for (int i = 0; i < n; i++) {
      s += sorted[i];
    }
    return (double) s / n;
  }

  private static Object fakeRequest() {
    return Proxy.newProxyInstance(
        ServletPathCost.class.getClassLoader(),
        new Class<?>[] {HttpServletRequest.class},
        (proxy, method, args) ->
            switch (method.getName()) {
              case "getMethod" -> "GET";
              case "getRequestURI" -> "/sse";
              case "getHeaderNames", "getHeaders" -> Collections.emptyEnumeration();
              default -> null;
            });
  }

  private static Object fakeResponse() {
    return Proxy.newProxyInstance(
        ServletPathCost.class.getClassLoader(),
        new Class<?>[] {HttpServletResponse.class},
        (proxy, method, args) ->
            switch (method.getName()) {
              case "isCommitted" -> true;
              case "getStatus" -> 200;
              case "getContentType" -> "text/event-stream";
              case "getHeaderNames", "getHeaders" -> List.of();
              case "hashCode" -> System.identityHashCode(proxy);
              case "equals" -> proxy == args[0];
              default -> null;
            });
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
