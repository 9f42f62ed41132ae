package dev.ssewatch.benchmarks.parser;

import dev.ssewatch.core.genai.GenAiApi;
import dev.ssewatch.core.genai.GenAiStream;
import dev.ssewatch.core.sse.SseParser;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * {@link GenAiScannerBenchmark}'s two workloads in nanoseconds of the parsing thread's CPU time per
 * event, rounds of each interleaved, best round of each printed: on a shared machine wall time
 * mostly measures descheduling (see {@link CpuTimeThroughput}).
 *
 * <p>Run: {@code java -cp benchmarks/parser/target/benchmarks.jar
 * dev.ssewatch.benchmarks.parser.GenAiCpuCost [rounds]}
 */
public final class GenAiCpuCost {

  private static long sink;

  private GenAiCpuCost() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    byte[] stream = GenAiScannerBenchmark.stream();
    int events = GenAiScannerBenchmark.EVENTS;
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    SseParser plain = parser(null);
    SseParser scanned = parser(new GenAiStream(GenAiApi.AZURE_OPENAI_CHAT_COMPLETIONS, List.of()));
    double[] best = {Double.MAX_VALUE, Double.MAX_VALUE};
    for (int r = 0; r < rounds + 2; r++) {
      for (int w = 0; w < 2; w++) {
        SseParser p = w == 0 ? plain : scanned;
        long start = mx.getCurrentThreadCpuTime();
        long n = 0;
        long cpu;
        do {
          p.feed(stream, 0, stream.length);
          n += events;
          cpu = mx.getCurrentThreadCpuTime() - start;
        } while (cpu < 500_000_000L);
        if (r >= 2) { // the first rounds are warm-up
          best[w] = Math.min(best[w], (double) cpu / n);
        }
      }
    }
    System.out.printf(
        "event bytes %d; metadata mode %.1f ns/event; with the scanner %.1f ns/event; ratio %.2f%n",
        stream.length / events, best[0], best[1], best[1] / best[0]);
    if (sink == 42) {
      System.out.println();
    }
  }

  private static SseParser parser(GenAiStream g) {
    return SseParser.metadataOnly(
        new SseParser.MetadataListener() {
          @Override
          public void onEvent(String type, String lastEventId, long dataBytes, int dataLines) {
            sink += dataBytes;
            if (g != null) {
              g.onEvent(dataBytes);
            }
          }

          @Override
          public SseParser.DataObserver dataObserver() {
            return g == null ? null : g.dataObserver();
          }
        },
        null);
  }
}
