package dev.ssewatch.benchmarks.parser;

import dev.ssewatch.core.genai.GenAiApi;
import dev.ssewatch.core.genai.GenAiStream;
import dev.ssewatch.core.sse.SseParser;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The allow-list scanner's cost per event on a realistic chat-completion chunk (about 300 bytes:
 * id, model, fingerprint, one content delta, Azure OpenAI content filter annotations), beside the
 * metadata parser alone on the same bytes. One operation is one event, so the average time is the
 * cost per event and {@code gc.alloc.rate.norm} the bytes allocated per event.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@OperationsPerInvocation(GenAiScannerBenchmark.EVENTS)
public class GenAiScannerBenchmark {

  static final int EVENTS = 10_000;
  static final int CHUNK = 16 * 1024;

  private byte[] stream;
  private SseParser metadata;
  private SseParser scanned;
  private GenAiStream genAi;

  @Setup
  public void setUp(Blackhole bh) {
    stream = stream();
    metadata = SseParser.metadataOnly(listener(bh, null), null);
    genAi = new GenAiStream(GenAiApi.AZURE_OPENAI_CHAT_COMPLETIONS, List.of());
    scanned = SseParser.metadataOnly(listener(bh, genAi), null);
    check();
  }

  @Benchmark
  public void metadataMode() {
    feed(metadata);
  }

  @Benchmark
  public void metadataModeWithScanner() {
    feed(scanned);
  }

  private void feed(SseParser parser) {
    for (int off = 0; off < stream.length; off += CHUNK) {
      parser.feed(stream, off, Math.min(CHUNK, stream.length - off));
    }
  }

  private static SseParser.MetadataListener listener(Blackhole bh, GenAiStream g) {
    return new SseParser.MetadataListener() {
      @Override
      public void onEvent(String type, String lastEventId, long dataBytes, int dataLines) {
        bh.consume(type);
        bh.consume(dataBytes);
        if (g != null) {
          g.onEvent(dataBytes);
        }
      }

      @Override
      public SseParser.DataObserver dataObserver() {
        return g == null ? null : g.dataObserver();
      }
    };
  }

  /** Chat-completion chunks as Azure OpenAI streams them, each delta a different word. */
  static byte[] stream() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(EVENTS * 320);
    for (int i = 0; i < EVENTS; i++) {
      String event =
          "data: {\"choices\":[{\"content_filter_results\":{\"hate\":{\"filtered\":false,"
              + "\"severity\":\"safe\"},\"self_harm\":{\"filtered\":false,\"severity\":\"safe\"}},"
              + "\"delta\":{\"content\":\" w"
              + i
              + "\"},\"finish_reason\":null,\"index\":0,\"logprobs\":null}],"
              + "\"created\":1733000000,\"id\":\"chatcmpl-AbCdEfGhIjKlMnOpQrStUvWxYz012\","
              + "\"model\":\"gpt-4o-2024-11-20\",\"object\":\"chat.completion.chunk\","
              + "\"system_fingerprint\":\"fp_b705f0c291\"}\n\n";
      out.writeBytes(event.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  /** A scanner that saw no output would measure nothing: every event must count as output. */
  private void check() {
    GenAiStream g = new GenAiStream(GenAiApi.AZURE_OPENAI_CHAT_COMPLETIONS, List.of());
    long[] events = {0};
    SseParser p =
        SseParser.metadataOnly(
            new SseParser.MetadataListener() {
              @Override
              public void onEvent(String type, String id, long dataBytes, int dataLines) {
                events[0]++;
                g.onEvent(events[0]);
              }

              @Override
              public SseParser.DataObserver dataObserver() {
                return g.dataObserver();
              }
            },
            null);
    feed(p);
    long size = stream.length / EVENTS;
    if (events[0] != EVENTS || !g.hasFirstToken() || size < 200 || size > 400) {
      throw new IllegalStateException(events[0] + " events of " + size + " bytes");
    }
  }
}
