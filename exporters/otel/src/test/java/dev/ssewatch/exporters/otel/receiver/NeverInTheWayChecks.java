package dev.ssewatch.exporters.otel.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.telemetry.TelemetryRecord;
import dev.ssewatch.core.telemetry.TelemetrySink;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The never-in-the-way contract every exporter's test checks against a stalled and an unreachable
 * endpoint: export never waits on the network, and flush plus shutdown fit in core's budget.
 */
public final class NeverInTheWayChecks {

  /** Waiting on the network even once would take seconds. */
  public static final Duration EXPORT_BOUND = Duration.ofSeconds(1);

  /**
   * Core shuts down every exporter in turn within its 5 s exit budget. One exporter with the
   * default shutdown timeout (500 ms) takes well under that whatever its endpoint does; one that
   * waited on the network would take the SDK's 10 s timeout. The bound is the whole budget, not the
   * typical figure, so that a busy machine's scheduling cannot fail it.
   */
  public static final Duration FLUSH_AND_SHUTDOWN_BOUND = Duration.ofSeconds(5);

  private NeverInTheWayChecks() {}

  /**
   * Exports {@code streams} streams of five events (ids {@code s-0}…), each as {@code shape} makes
   * it (e.g. without its end, to leave it open), calling {@code afterEach} after each export; then
   * checks that no export took as long as a network wait.
   */
  public static void assertExportNeverWaits(
      TelemetrySink sink,
      int streams,
      java.util.function.IntFunction<List<TelemetryRecord>> shape,
      Consumer<List<TelemetryRecord>> afterEach) {
    long slowest = 0;
    for (int i = 0; i < streams; i++) {
      List<TelemetryRecord> records = shape.apply(i);
      long t0 = System.nanoTime();
      sink.export(records);
      slowest = Math.max(slowest, System.nanoTime() - t0);
      afterEach.accept(records);
    }
    assertThat(Duration.ofNanos(slowest)).isLessThan(EXPORT_BOUND);
  }

  /** Stream {@code i} of five events, whole. */
  public static List<TelemetryRecord> whole(int i) {
    return SampleStreams.stream("s-" + i, StreamSource.PROXY, 5);
  }

  /** Flush and shutdown together stay within {@link #FLUSH_AND_SHUTDOWN_BOUND}. */
  public static void assertFlushAndShutdownWithinBudget(TelemetrySink sink) {
    long t0 = System.nanoTime();
    sink.flush();
    sink.shutdown();
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(FLUSH_AND_SHUTDOWN_BOUND);
  }
}
