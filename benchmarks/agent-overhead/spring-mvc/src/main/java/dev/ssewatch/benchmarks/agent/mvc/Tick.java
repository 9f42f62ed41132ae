package dev.ssewatch.benchmarks.agent.mvc;

import java.util.List;

/**
 * The object each event carries, serialised to about 300 bytes of JSON by the application's
 * Jackson, as a typical {@code SseEmitter} application does. {@code t} comes first and is the write
 * time ({@code System.nanoTime()}), which the harness reads to measure per-event latency.
 */
record Tick(
    long t,
    long seq,
    String stream,
    String symbol,
    String venue,
    String currency,
    double bid,
    double ask,
    double last,
    long volume,
    List<String> flags,
    String note) {

  private static final List<String> FLAGS = List.of("regular", "lit", "delayed-0ms");
  private static final String NOTE =
      "quote update for a benchmark stream; fixed text that brings the event to about 300 bytes";

  static Tick of(String stream, long seq) {
    double last = 100 + (seq % 1000) / 100.0;
    return new Tick(
        System.nanoTime(),
        seq,
        stream,
        "SSEW",
        "XAMS",
        "EUR",
        last - 0.01,
        last + 0.01,
        last,
        1_000 + seq % 97,
        FLAGS,
        NOTE);
  }
}
