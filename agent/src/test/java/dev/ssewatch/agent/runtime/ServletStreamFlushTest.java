package dev.ssewatch.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

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
 * A servlet flush slower than the write-delay threshold (a loaded machine, a first flush loading
 * the container's classes) spans a periodic check: the events it carries keep their write-to-wire
 * time.
 */
class ServletStreamFlushTest {

  private final List<TelemetryRecord> records = new CopyOnWriteArrayList<>();
  private final AheadClock clock = new AheadClock();
  private final StreamRecorders recorders =
      StreamRecorders.createWithoutTicker(
          Settings.of(Map.of()), StreamSource.AGENT, records::add, clock);
  private final Object request = ServletFakes.request();
  private final Object response = ServletFakes.eventStreamResponse(() -> true);

  @AfterEach
  void close() {
    recorders.close();
  }

  /** A recorded stream (committed at its first flush) with one event written, not yet flushed. */
  private ServletStream recordingWithOneEventWritten() {
    ServletStream s =
        new ServletStream(
            recorders,
            new RecordingWarmUp(Settings.of(Map.of())),
            request,
            response,
            "jakarta.servlet",
            System.nanoTime());
    s.attachBody(new Object(), "text/event-stream");
    s.onFlush();
    byte[] event = "id: 1\ndata: x\n\n".getBytes(StandardCharsets.UTF_8);
    assertThat(s.enter()).isTrue();
    s.onBytes(event, 0, event.length);
    s.exitWrite(null);
    return s;
  }

  private List<EventRecord> events() {
    return records.stream()
        .filter(r -> r instanceof EventRecord)
        .map(r -> (EventRecord) r)
        .toList();
  }

  @Test
  void aPeriodicCheckDuringASlowFlushLeavesTheEventToTheFlush() {
    ServletStream s = recordingWithOneEventWritten();

    assertThat(s.enterFlush()).isTrue();
    clock.aheadNanos = Duration.ofSeconds(1).toNanos();
    recorders.tick();
    assertThat(events()).as("released by the check").isEmpty();
    s.exitFlush(null);

    assertThat(events())
        .singleElement()
        .satisfies(e -> assertThat(e.writeToWireNanos()).isNotNegative());
  }

  @Test
  void aFailedFlushLetsTheCheckReleaseTheEvent() {
    ServletStream s = recordingWithOneEventWritten();

    assertThat(s.enterFlush()).isTrue();
    s.exitFlush(new IllegalStateException("not an I/O failure"));
    clock.aheadNanos = Duration.ofSeconds(1).toNanos();
    recorders.tick();

    assertThat(events())
        .singleElement()
        .satisfies(e -> assertThat(e.writeToWireNanos()).isEqualTo(-1));
  }
}
