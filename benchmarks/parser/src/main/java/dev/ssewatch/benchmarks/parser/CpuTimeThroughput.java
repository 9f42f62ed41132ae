package dev.ssewatch.benchmarks.parser;

import dev.ssewatch.core.sse.SseParser;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import okhttp3.internal.sse.ServerSentEventReader;
import okio.Buffer;

/**
 * The JMH benchmark's workloads measured in bytes per second of the parsing thread's CPU time
 * rather than wall time. On a machine shared with other work, wall-clock throughput mostly measures
 * how often the thread was descheduled; CPU time does not (caches and a busy sibling hyperthread
 * still interfere). Prints the best of several one-second rounds after warm-up.
 *
 * <p>Run: {@code java -cp benchmarks/parser/target/benchmarks.jar
 * dev.ssewatch.benchmarks.parser.CpuTimeThroughput [rounds]}
 */
public final class CpuTimeThroughput {

  private static long sink;

  private CpuTimeThroughput() {}

  public static void main(String[] args) throws IOException {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    System.out.printf("%-14s %-14s %12s %14s%n", "parser", "shape", "MB/CPU-s", "events/CPU-s");
    for (String shape : new String[] {"id-event-data", "data-only"}) {
      byte[] stream = SseParserBenchmark.stream(shape);
      for (String parser : new String[] {"metadataMode", "capturingMode", "okhttpSse"}) {
        Runnable pass = pass(parser, stream);
        double best = 0;
        for (int r = 0; r < rounds + 2; r++) {
          long start = mx.getCurrentThreadCpuTime();
          long bytes = 0;
          long cpu;
          do {
            pass.run();
            bytes += stream.length;
            cpu = mx.getCurrentThreadCpuTime() - start;
          } while (cpu < 1_000_000_000L);
          if (r >= 2) { // the first rounds are warm-up
            best = Math.max(best, bytes * 1e9 / cpu);
          }
        }
        System.out.printf(
            "%-14s %-14s %12.0f %14.0f%n",
            parser, shape, best / 1e6, best / SseParserBenchmark.EVENT_BYTES);
      }
    }
    if (sink == 42) {
      System.out.println();
    }
  }

  private static Runnable pass(String parser, byte[] stream) {
    switch (parser) {
      case "metadataMode" -> {
        SseParser p =
            SseParser.metadataOnly(
                (type, id, dataBytes, dataLines) ->
                    sink += type.length() + id.length() + dataBytes + dataLines,
                null);
        return () -> feed(p, stream);
      }
      case "capturingMode" -> {
        SseParser p = new SseParser(e -> sink += e.data().length() + e.lastEventId().length());
        return () -> feed(p, stream);
      }
      default -> {
        ServerSentEventReader.Callback callback =
            new ServerSentEventReader.Callback() {
              @Override
              public void onEvent(String id, String type, String data) {
                sink += data.length() + (id == null ? 0 : id.length());
              }

              @Override
              public void onRetryChange(long timeMs) {}
            };
        return () -> {
          ServerSentEventReader reader =
              new ServerSentEventReader(new Buffer().write(stream), callback);
          try {
            while (reader.processNextEvent()) {
              // Each call reads one event.
            }
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        };
      }
    }
  }

  private static void feed(SseParser parser, byte[] stream) {
    for (int off = 0; off < stream.length; off += SseParserBenchmark.CHUNK) {
      parser.feed(stream, off, Math.min(SseParserBenchmark.CHUNK, stream.length - off));
    }
  }
}
