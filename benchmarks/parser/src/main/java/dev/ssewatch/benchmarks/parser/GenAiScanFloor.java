package dev.ssewatch.benchmarks.parser;

import dev.ssewatch.core.sse.SseParser;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteOrder;

/**
 * What any exact scan of the data bytes costs at least, in CPU time per event on {@link
 * GenAiScannerBenchmark}'s stream: metadata mode alone; with a data observer that only finds the
 * unescaped quotes 8 bytes per step (the least a reader must do to know where strings are); and
 * with one that also reads the bytes between strings one at a time for brackets (the least a reader
 * must do to know nesting). Rounds interleaved, best round of each printed.
 *
 * <p>Run: {@code java -cp benchmarks/parser/target/benchmarks.jar
 * dev.ssewatch.benchmarks.parser.GenAiScanFloor [rounds]}
 */
public final class GenAiScanFloor {

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long LOWS = 0x7F7F_7F7F_7F7F_7F7FL;
  private static final long QUOTES = 0x2222_2222_2222_2222L;

  private static long sink;

  private GenAiScanFloor() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    byte[] stream = GenAiScannerBenchmark.stream();
    int events = GenAiScannerBenchmark.EVENTS;
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    SseParser[] parsers = {
      parser(null), parser(new QuoteScan(false)), parser(new QuoteScan(true)),
    };
    double[] best = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
    for (int r = 0; r < rounds + 2; r++) {
      for (int w = 0; w < parsers.length; w++) {
        long start = mx.getCurrentThreadCpuTime();
        long n = 0;
        long cpu;
        do {
          parsers[w].feed(stream, 0, stream.length);
          n += events;
          cpu = mx.getCurrentThreadCpuTime() - start;
        } while (cpu < 500_000_000L);
        if (r >= 2) {
          best[w] = Math.min(best[w], (double) cpu / n);
        }
      }
    }
    System.out.printf(
        "metadata mode %.1f ns/event; + quote scan %.1f; + quote scan and brackets %.1f%n",
        best[0], best[1], best[2]);
    if (sink == 42) {
      System.out.println();
    }
  }

  /** Marks (0x80) exactly the bytes of {@code w} equal to the pattern's. */
  private static long equal(long w, long pattern) {
    long t = w ^ pattern;
    return ~(((t & LOWS) + LOWS) | t | LOWS);
  }

  /** Finds unescaped quotes; with {@code brackets}, also reads the bytes between strings. */
  private static final class QuoteScan implements SseParser.DataObserver {
    private final boolean brackets;
    private boolean inString;
    private long count;

    QuoteScan(boolean brackets) {
      this.brackets = brackets;
    }

    @Override
    public void data(byte[] b, int off, int len) {
      int end = off + len;
      int i = off;
      long n = count;
      boolean in = inString;
      int last = off; // where the bytes between strings start
      while (end - i >= 8) {
        long m = equal((long) LONGS.get(b, i), QUOTES);
        while (m != 0) {
          int q = i + (Long.numberOfTrailingZeros(m) >>> 3);
          m &= m - 1;
          if (q > off && b[q - 1] == '\\') {
            continue; // escaped (parity left out: a floor, not a reader)
          }
          if (!in && brackets) {
            for (int k = last; k < q; k++) {
              byte c = b[k];
              if (c == '{' || c == '[') {
                n++;
              } else if (c == '}' || c == ']') {
                n--;
              }
            }
          }
          in = !in;
          last = q + 1;
          n++;
        }
        i += 8;
      }
      for (; i < end; i++) {
        if (b[i] == '"') {
          in = !in;
          n++;
        }
      }
      count = n;
      inString = in;
    }

    @Override
    public void dataLineEnd() {}

    @Override
    public void eventEnd(long dataBytes) {
      sink += count;
      count = 0;
      inString = false;
    }

    @Override
    public void discard() {}
  }

  private static SseParser parser(SseParser.DataObserver o) {
    return SseParser.metadataOnly(
        new SseParser.MetadataListener() {
          @Override
          public void onEvent(String type, String lastEventId, long dataBytes, int dataLines) {
            sink += dataBytes;
          }

          @Override
          public SseParser.DataObserver dataObserver() {
            return o;
          }
        },
        null);
  }
}
