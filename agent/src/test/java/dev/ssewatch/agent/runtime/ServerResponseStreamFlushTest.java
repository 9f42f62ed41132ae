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
 * A flush slower than the write-delay threshold (a loaded machine, a first flush loading classes)
 * spans a periodic check: the events it carries keep their write-to-wire time.
 */
class ServerResponseStreamFlushTest {

  private final List<TelemetryRecord> records = new CopyOnWriteArrayList<>();
  private final AheadClock clock = new AheadClock();
  private final StreamRecorders recorders =
      StreamRecorders.createWithoutTicker(
          Settings.of(Map.of()), StreamSource.AGENT, records::add, clock);
  private final ServerStreamHooks hooks =
      new ServerStreamHooks(recorders, new RecordingWarmUp(Settings.of(Map.of())));

  @AfterEach
  void close() {
    recorders.close();
  }

  private BodyContext startWithOneEventWritten() {
    BodyContext c =
        hooks.start(
            new Object(),
            "test",
            null,
            "GET",
            "/events",
            List.of(Map.entry("Accept", "text/event-stream")),
            200,
            List.of(Map.entry("Content-Type", "text/event-stream")));
    byte[] event = "id: 1\ndata: x\n\n".getBytes(StandardCharsets.UTF_8);
    assertThat(c.enter()).isTrue();
    c.onBytes(event, 0, event.length);
    c.exitWrite(null);
    return c;
  }

  private List<EventRecord> events() {
    return records.stream()
        .filter(r -> r instanceof EventRecord)
        .map(r -> (EventRecord) r)
        .toList();
  }

  @Test
  void aPeriodicCheckDuringASlowFlushLeavesTheEventToTheFlush() {
    BodyContext c = startWithOneEventWritten();

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
  void aNonBlockingFlushThatLeftBytesForLaterLetsTheCheckReleaseTheEvent() {
    BodyContext c = startWithOneEventWritten();

    assertThat(c.enterFlush()).isTrue();
    // Undertow's channel flush returned false: no hook sees when the rest leaves.
    c.exitWrite(null);
    clock.aheadNanos = Duration.ofSeconds(1).toNanos();
    recorders.tick();

    assertThat(events())
        .singleElement()
        .satisfies(e -> assertThat(e.writeToWireNanos()).isEqualTo(-1));
  }

  @Test
  void aFailedFlushLetsTheCheckReleaseTheEvent() {
    BodyContext c = startWithOneEventWritten();

    assertThat(c.enterFlush()).isTrue();
    c.exitFlush(new IllegalStateException("not an I/O failure"));
    clock.aheadNanos = Duration.ofSeconds(1).toNanos();
    recorders.tick();

    assertThat(events())
        .singleElement()
        .satisfies(e -> assertThat(e.writeToWireNanos()).isEqualTo(-1));
  }
}
