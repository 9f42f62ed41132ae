package dev.ssewatch.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.stream.StreamRecorders;
import dev.ssewatch.core.telemetry.EventRecord;
import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.telemetry.TelemetryRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A flush slower than the write-delay threshold (a loaded machine, a first flush loading the
 * server's classes) spans a periodic check: the events it carries keep their write-to-wire time; a
 * flush that failed gives them back to the check. One subclass per kind of body context.
 */
abstract class FlushUnderWayContract {

  final List<TelemetryRecord> records = new CopyOnWriteArrayList<>();
  final AheadClock clock = new AheadClock();
  final StreamRecorders recorders =
      StreamRecorders.createWithoutTicker(
          Settings.of(Map.of()), StreamSource.AGENT, records::add, clock);

  @AfterEach
  void close() {
    recorders.close();
  }

  /** A recorded stream with one event written, not yet flushed. */
  abstract BodyContext recordingWithOneEventWritten();

  /** Writes one event through {@code c} as an instrumented write does. */
  static <C extends BodyContext> C withOneEventWritten(C c) {
    byte[] event = "id: 1\ndata: x\n\n".getBytes(StandardCharsets.UTF_8);
    assertThat(c.enter()).isTrue();
    c.onBytes(event, 0, event.length);
    c.exitWrite(null);
    return c;
  }

  List<EventRecord> events() {
    return records.stream()
        .filter(r -> r instanceof EventRecord)
        .map(r -> (EventRecord) r)
        .toList();
  }

  @Test
  void aPeriodicCheckDuringASlowFlushLeavesTheEventToTheFlush() {
    BodyContext c = recordingWithOneEventWritten();

    assertThat(c.enterFlush()).isTrue();
    clock.aheadNanos = Duration.ofSeconds(1).toNanos();
    recorders.tick();
    assertThat(events()).as("released by the check").isEmpty();
    c.exitFlush(null);

    assertThat(events())
        .singleElement()
        .satisfies(e -> assertThat(e.writeToWireNanos()).isNotNegative());
  }

  @Test
  void aFailedFlushLetsTheCheckReleaseTheEvent() {
    BodyContext c = recordingWithOneEventWritten();

    assertThat(c.enterFlush()).isTrue();
    c.exitFlush(new IllegalStateException("not an I/O failure"));
    clock.aheadNanos = Duration.ofSeconds(1).toNanos();
    recorders.tick();

    assertThat(events())
        .singleElement()
        .satisfies(e -> assertThat(e.writeToWireNanos()).isEqualTo(-1));
  }
}
