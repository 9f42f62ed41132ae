package dev.ssewatch.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.testing.Allocations;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The server families' streams (Undertow, Grizzly, Helidon, the JDK server): a flush under way
 * keeps its events from the periodic check, unless it returned with bytes left for later.
 */
class ServerResponseStreamFlushTest extends FlushUnderWayContract {

  private final ServerStreamHooks hooks =
      new ServerStreamHooks(recorders, new RecordingWarmUp(Settings.of(Map.of())));

  @Override
  BodyContext recordingWithOneEventWritten() {
    return withOneEventWritten(
        hooks.start(
            new Object(),
            "test",
            null,
            "GET",
            "/events",
            List.of(Map.entry("Accept", "text/event-stream")),
            200,
            List.of(Map.entry("Content-Type", "text/event-stream"))));
  }

  @Test
  void aNonBlockingFlushThatLeftBytesForLaterLetsTheCheckReleaseTheEvent() {
    BodyContext c = recordingWithOneEventWritten();

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
  void aSingleByteWriteAllocatesNothing() {
    BodyContext c = recordingWithOneEventWritten();
    // A comment line, one byte at a time: parsed, never an event.
    c.onByte(':');
    long perRound = Allocations.perRound(() -> c.onByte('x'));

    assertThat(perRound).isZero();
  }
}
