package dev.ssewatch.benchmarks.parser;

import dev.ssewatch.core.sse.SseParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import okhttp3.internal.sse.ServerSentEventReader;
import okio.Buffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Parses the same stream of 100-byte events with each parser. One operation is one event, so
 * bytes/s = ops/s × 100 and {@code gc.alloc.rate.norm} is bytes allocated per event.
 *
 * <p>The stream is fed in {@value #CHUNK}-byte reads, as a socket would deliver it. okhttp-sse
 * reads from an okio buffer, so its benchmark includes copying the stream into one (a memory copy,
 * small next to parsing); its reader decodes every value into Strings, as capturing mode does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@OperationsPerInvocation(SseParserBenchmark.EVENTS)
public class SseParserBenchmark {

  static final int EVENTS = 10_000;
  static final int EVENT_BYTES = 100;
  static final int CHUNK = 16 * 1024;

  /**
   * {@code id-event-data}: {@code id: 00000042\nevent: tick\ndata: …\n\n}; {@code data-only}:
   * {@code data: …\n\n}. Both exactly {@value #EVENT_BYTES} bytes per event.
   */
  @Param({"id-event-data", "data-only"})
  public String shape;

  private byte[] stream;
  private SseParser metadata;
  private SseParser capturing;
  private ServerSentEventReader.Callback okhttpCallback;

  @Setup
  public void setUp(Blackhole bh) throws IOException {
    stream = stream(shape);
    metadata =
        SseParser.metadataOnly(
            (type, lastEventId, dataBytes, dataLines) -> {
              bh.consume(type);
              bh.consume(lastEventId);
              bh.consume(dataBytes);
              bh.consume(dataLines);
            },
            null);
    capturing = new SseParser(bh::consume);
    okhttpCallback =
        new ServerSentEventReader.Callback() {
          @Override
          public void onEvent(String id, String type, String data) {
            bh.consume(id);
            bh.consume(type);
            bh.consume(data);
          }

          @Override
          public void onRetryChange(long timeMs) {
            bh.consume(timeMs);
          }
        };
    checkAllSeeTheSameEvents();
  }

  @Benchmark
  public void metadataMode() {
    feed(metadata);
  }

  @Benchmark
  public void capturingMode() {
    feed(capturing);
  }

  @Benchmark
  public void okhttpSse() throws IOException {
    ServerSentEventReader reader =
        new ServerSentEventReader(new Buffer().write(stream), okhttpCallback);
    while (reader.processNextEvent()) {
      // Each call reads one event.
    }
  }

  private void feed(SseParser parser) {
    for (int off = 0; off < stream.length; off += CHUNK) {
      parser.feed(stream, off, Math.min(CHUNK, stream.length - off));
    }
  }

  static byte[] stream(String shape) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(EVENTS * EVENT_BYTES);
    for (int i = 0; i < EVENTS; i++) {
      String event =
          switch (shape) {
            case "id-event-data" ->
                String.format(
                    "id: %08d\nevent: tick\ndata: %s\n\n", i, payload(EVENT_BYTES - 33, i));
            case "data-only" -> "data: " + payload(EVENT_BYTES - 8, i) + "\n\n";
            default -> throw new IllegalArgumentException(shape);
          };
      byte[] b = event.getBytes(StandardCharsets.UTF_8);
      if (b.length != EVENT_BYTES) {
        throw new IllegalStateException("event of " + b.length + " bytes");
      }
      out.writeBytes(b);
    }
    return out.toByteArray();
  }

  /** JSON-like ASCII text of exactly {@code n} bytes. */
  private static String payload(int n, int i) {
    StringBuilder s = new StringBuilder(n).append("{\"seq\":").append(i).append(",\"text\":\"");
    while (s.length() < n - 2) {
      s.append((char) ('a' + (s.length() * 7 + i) % 26));
    }
    return s.append("\"}").toString();
  }

  /** A benchmark of a parser that drops events would measure nothing: count them once. */
  private void checkAllSeeTheSameEvents() throws IOException {
    long[] counts = new long[3];
    SseParser m = SseParser.metadataOnly((t, id, b, l) -> counts[0]++, null);
    SseParser c = new SseParser(e -> counts[1]++);
    feed(m);
    feed(c);
    ServerSentEventReader reader =
        new ServerSentEventReader(
            new Buffer().write(stream),
            new ServerSentEventReader.Callback() {
              @Override
              public void onEvent(String id, String type, String data) {
                counts[2]++;
              }

              @Override
              public void onRetryChange(long timeMs) {}
            });
    while (reader.processNextEvent()) {
      // Each call reads one event.
    }
    for (long n : counts) {
      if (n != EVENTS) {
        throw new IllegalStateException("events seen: " + Arrays.toString(counts));
      }
    }
  }
}
