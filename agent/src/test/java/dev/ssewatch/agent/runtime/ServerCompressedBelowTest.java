package dev.ssewatch.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.agent.bootstrap.SseHooks;
import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.stream.StreamRecorders;
import dev.ssewatch.core.telemetry.StreamEnd;
import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.telemetry.TelemetryRecord;
import dev.ssewatch.core.time.TimeSource;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A server's compressor below the writes of a server family's stream (Undertow's {@code
 * EncodingHandler}) reports its output: the writes are the events, the compressor's output is the
 * stream's bytes, and the stream ends when the compressor has written the coding's end.
 */
class ServerCompressedBelowTest {

  private static final byte[] EVENT = "data: {\"n\":1}\n\n".getBytes(StandardCharsets.UTF_8);

  private final List<TelemetryRecord> records = new CopyOnWriteArrayList<>();
  private final StreamRecorders recorders =
      StreamRecorders.createWithoutTicker(
          Settings.of(Map.of()), StreamSource.AGENT, records::add, TimeSource.system());
  private final ServerStreamHooks hooks =
      new ServerStreamHooks(recorders, new RecordingWarmUp(Settings.of(Map.of())));
  private final Object compressorOutput = new Object();

  @AfterEach
  void close() {
    recorders.close();
  }

  private ServerResponseStream stream() {
    return (ServerResponseStream)
        hooks.start(
            new Object(),
            "test",
            null,
            "GET",
            "/events",
            List.of(Map.entry("Accept", "text/event-stream")),
            200,
            List.of(
                Map.entry("Content-Type", "text/event-stream"),
                Map.entry("Content-Encoding", "gzip")));
  }

  private Optional<StreamEnd> end() {
    return records.stream().filter(r -> r instanceof StreamEnd).map(r -> (StreamEnd) r).findFirst();
  }

  @Test
  void compressedOutputIsTheStreamsBytesAndTheWritesItsEvents() {
    ServerResponseStream s = stream();
    s.committed(compressorOutput);
    s.onBytes(EVENT, 0, EVENT.length);
    BodyContext output = SseHooks.context(compressorOutput);
    output.onCompressedBytes(30);
    s.onBytes(ByteBuffer.wrap(EVENT));
    output.onCompressedBytes(12);
    s.onClose();
    // The body is closed; the compressor then writes the coding's end.
    assertThat(end()).isEmpty();
    output.onCompressedBytes(10);
    output.onContainerFinished(null);

    StreamEnd end = end().orElseThrow();
    assertThat(end.events()).isEqualTo(2);
    assertThat(end.bytes()).isEqualTo(52);
    assertThat(SseHooks.context(compressorOutput)).isNull();
  }

  @Test
  void aSecondCloseEndsTheStreamWhenTheCompressorNeverWroteItsEnd() {
    ServerResponseStream s = stream();
    s.committed(compressorOutput);
    s.onBytes(EVENT, 0, EVENT.length);
    s.onCompressedBytes(20);
    s.onClose();
    s.onClose();

    assertThat(end().orElseThrow().bytes()).isEqualTo(20);
  }

  @Test
  void aCompressorFoundAfterBytesWereCountedIsNotTaken() {
    ServerResponseStream s = stream();
    s.onBytes(EVENT, 0, EVENT.length);

    s.committed(compressorOutput);
    s.onCompressedBytes(99);
    s.onClose();

    assertThat(end().orElseThrow().bytes()).isEqualTo(EVENT.length);
    assertThat(SseHooks.context(compressorOutput)).isNull();
  }

  @Test
  void aStreamWithoutACompressorEndsAtItsClose() {
    ServerResponseStream s = stream();
    s.committed(null);
    s.onBytes(EVENT, 0, EVENT.length);
    s.onCompressedBytes(99);
    s.onClose();

    assertThat(end().orElseThrow().bytes()).isEqualTo(EVENT.length);
    assertThat(end().orElseThrow().events()).isEqualTo(1);
  }
}
