package dev.ssewatch.agent.installer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.stream.StreamRecorders;
import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.telemetry.TelemetryDispatcher;
import dev.ssewatch.core.telemetry.TelemetryRecord;
import dev.ssewatch.core.telemetry.TelemetrySink;
import dev.ssewatch.core.time.TimeSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class AgentShutdownTest {

  /**
   * The documented worst case of the exporters ahead of the last one: three of them at their
   * default {@code shutdown-timeout}, each waiting out its flush and its shutdown.
   */
  private static final Duration WORST_CASE_AHEAD = Duration.ofSeconds(3);

  @Test
  void theLastExporterStillShutsDownWhenThoseAheadUseTheirWholeDocumentedBudget() {
    AtomicBoolean lastShutDown = new AtomicBoolean();
    TelemetryDispatcher dispatcher =
        TelemetryDispatcher.builder()
            .sink("slow", new Sink(() -> holdUninterruptibly(WORST_CASE_AHEAD)))
            .sink("last", new Sink(() -> lastShutDown.set(true)))
            .build();
    StreamRecorders recorders =
        StreamRecorders.createWithoutTicker(
            Settings.of(Map.of()), StreamSource.AGENT, dispatcher, TimeSource.system());

    // What the JVM runs at exit; it halts as soon as this returns.
    Recording.onExit(recorders, dispatcher).run();

    assertThat(lastShutDown).as("the last exporter shut down before the JVM halts").isTrue();
  }

  /** An exporter ignoring interrupts, as a client blocked in I/O does. */
  private static void holdUninterruptibly(Duration d) {
    long deadline = System.nanoTime() + d.toNanos();
    boolean interrupted = false;
    for (long left = d.toNanos(); left > 0; left = deadline - System.nanoTime()) {
      try {
        TimeUnit.NANOSECONDS.sleep(left);
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private record Sink(Runnable onShutdown) implements TelemetrySink {
    @Override
    public void export(List<TelemetryRecord> batch) {}

    @Override
    public void flush() {}

    @Override
    public void shutdown() {
      onShutdown.run();
    }
  }
}
