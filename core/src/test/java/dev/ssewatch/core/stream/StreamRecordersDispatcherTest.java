package dev.ssewatch.core.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.telemetry.CloseReason;
import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.telemetry.TelemetryDispatcher;
import dev.ssewatch.core.telemetry.TelemetryRecord;
import dev.ssewatch.core.telemetry.TelemetrySink;
import dev.ssewatch.core.testing.ManualTimeSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Recorders whose sink is the dispatcher itself, as in the proxy and the agent. */
class StreamRecordersDispatcherTest {

  private final List<TelemetryRecord> exported = new CopyOnWriteArrayList<>();

  private final TelemetrySink capture =
      new TelemetrySink() {
        @Override
        public void export(List<TelemetryRecord> batch) {
          exported.addAll(batch);
        }

        @Override
        public void flush() {}

        @Override
        public void shutdown() {}
      };

  @Test
  void everyRecordReachesTheDispatchersSinksInOrder() {
    TelemetryDispatcher dispatcher = TelemetryDispatcher.builder().sink(capture).build();
    try {
      ManualTimeSource time = new ManualTimeSource();
      StreamRecorders recorders =
          StreamRecorders.createWithoutTicker(
              Settings.of(Map.of()), StreamSource.AGENT, dispatcher, time);
      StreamRecorder r =
          recorders.begin("GET", "/events", null, Fixture.SSE_REQUEST, time.nanoTime(), true);
      r.onResponseHeaders(200, Fixture.SSE_RESPONSE, time.nanoTime());
      byte[] two = "id: 1\ndata: a\n\nid: 2\ndata: b\n\n".getBytes(StandardCharsets.UTF_8);
      r.onBytes(two, 0, two.length, time.nanoTime());
      r.onWireWrite(time.nanoTime());
      r.onEnd(CloseReason.COMPLETED, time.nanoTime());

      assertThat(dispatcher.flush(Duration.ofSeconds(10))).isTrue();
      assertThat(exported)
          .extracting(TelemetryRecord::recordType)
          .containsExactly("stream_start", "event", "event", "stream_end");
      assertThat(recorders.internalErrors()).isZero();
    } finally {
      dispatcher.close();
    }
  }

  @Test
  void aClosedDispatcherDropsRecordsWithoutFailingTheRecorder() {
    TelemetryDispatcher dispatcher = TelemetryDispatcher.builder().sink(capture).build();
    dispatcher.close();
    ManualTimeSource time = new ManualTimeSource();
    StreamRecorders recorders =
        StreamRecorders.createWithoutTicker(
            Settings.of(Map.of()), StreamSource.AGENT, dispatcher, time);
    StreamRecorder r = recorders.begin("GET", "/events", null, Fixture.SSE_REQUEST, 0);
    r.onResponseHeaders(200, Fixture.SSE_RESPONSE, time.nanoTime());
    r.onEnd(CloseReason.COMPLETED, time.nanoTime());

    assertThat(dispatcher.dropped()).isEqualTo(2);
    assertThat(recorders.internalErrors()).isZero();
    assertThat(exported).isEmpty();
  }
}
