package dev.ssewatch.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.stream.StreamRecorders;
import dev.ssewatch.core.telemetry.CloseReason;
import dev.ssewatch.core.telemetry.StreamEnd;
import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.telemetry.TelemetryRecord;
import dev.ssewatch.core.testing.Allocations;
import dev.ssewatch.core.time.TimeSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A servlet event stream asks its response whether it has committed after every write and flush
 * until it has: cheaply, without allocating.
 */
class ServletCommitCheckTest {

  private final List<TelemetryRecord> records = new CopyOnWriteArrayList<>();
  private final StreamRecorders recorders =
      StreamRecorders.createWithoutTicker(
          Settings.of(Map.of()), StreamSource.AGENT, records::add, TimeSource.system());
  private final Object request = ServletFakes.request();
  private volatile boolean committed;
  private final Object response = ServletFakes.eventStreamResponse(() -> committed);

  @AfterEach
  void close() {
    recorders.close();
  }

  private ServletStream holding() {
    ServletStream s = ServletFakes.eventStream(recorders, Settings.of(Map.of()), request, response);
    return s;
  }

  @Test
  void theStreamIsRecordedOnceTheResponseSaysItCommitted() {
    ServletStream s = holding();
    s.onWritten();
    assertThat(records).isEmpty();

    committed = true;
    s.onFlush();
    s.end(CloseReason.COMPLETED);

    assertThat(records).filteredOn(r -> r instanceof StreamEnd).hasSize(1);
  }

  @Test
  void askingWhetherTheResponseCommittedAllocatesNothing() {
    ServletStream s = holding();

    long perRound = Allocations.perRound(s::onWritten);

    // Method.invoke costs an empty argument array per call.
    assertThat(perRound).isLessThan(8);
    assertThat(records).isEmpty();
  }
}
