package dev.ssewatch.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.agent.bootstrap.SseHooks;
import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.stream.StreamRecorders;
import dev.ssewatch.core.telemetry.CloseReason;
import dev.ssewatch.core.telemetry.StreamEnd;
import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.telemetry.TelemetryRecord;
import dev.ssewatch.core.time.TimeSource;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A container compressing below the servlet layer reports its output: the servlet's bytes are the
 * events, the compressor's output is the stream's bytes, counted once whatever the order of commit
 * and output.
 */
class ServletCompressedBelowTest {

  private static final byte[] EVENT = "data: {\"n\":1}\n\n".getBytes(StandardCharsets.UTF_8);

  private final List<TelemetryRecord> records = new CopyOnWriteArrayList<>();
  private final StreamRecorders recorders =
      StreamRecorders.createWithoutTicker(
          Settings.of(Map.of()), StreamSource.AGENT, records::add, TimeSource.system());
  private final Object request = ServletFakes.request();
  private volatile boolean committed;
  private final Object response =
      ServletFakes.eventStreamResponse(() -> committed, Map.of("Content-Encoding", "gzip"));
  private final Object compressorOutput = new Object();

  @AfterEach
  void close() {
    recorders.close();
  }

  private ServletStream stream() {
    return ServletFakes.eventStream(recorders, Settings.of(Map.of()), request, response);
  }

  private StreamEnd end() {
    return records.stream()
        .filter(r -> r instanceof StreamEnd)
        .map(r -> (StreamEnd) r)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void compressedOutputIsTheStreamsBytesAndTheServletsBytesItsEvents() {
    ServletStream s = stream();
    s.onBytes(EVENT, 0, EVENT.length);
    s.onBytes(EVENT, 0, EVENT.length);
    // The committing flush: the container sets its compressor up and writes through it.
    assertThat(s.attachCompressorOutput(compressorOutput)).isTrue();
    SseHooks.context(compressorOutput).onCompressedBytes(30);
    committed = true;
    s.onFlush();
    s.onBytes(ByteBuffer.wrap(EVENT));
    SseHooks.context(compressorOutput).onCompressedBytes(12);
    s.onFlush();
    s.end(CloseReason.COMPLETED);

    StreamEnd end = end();
    assertThat(end.events()).isEqualTo(3);
    assertThat(end.bytes()).isEqualTo(42);
    assertThat(SseHooks.context(compressorOutput)).isNull();
  }

  @Test
  void outputReportedBeforeTheStreamIsDecidedWaitsForTheRecord() {
    ServletStream s = stream();
    s.attachCompressorOutput(compressorOutput);
    s.onCompressedBytes(10);
    s.onBytes(EVENT, 0, EVENT.length);
    committed = true;
    s.onFlush();
    s.end(CloseReason.COMPLETED);

    assertThat(end().bytes()).isEqualTo(10);
    assertThat(end().events()).isEqualTo(1);
  }

  @Test
  void aCompressorFoundAfterTheServletsBytesWereCountedIsNotTaken() {
    ServletStream s = stream();
    committed = true;
    s.onBytes(EVENT, 0, EVENT.length);
    s.onFlush();

    assertThat(s.attachCompressorOutput(compressorOutput)).isFalse();
    s.onCompressedBytes(99);
    s.end(CloseReason.COMPLETED);

    assertThat(end().bytes()).isEqualTo(EVENT.length);
    assertThat(SseHooks.context(compressorOutput)).isNull();
  }

  @Test
  void aWatchedCompressorIsTakenAtItsFirstOutputInTheCommittingFlush() {
    ServletStream s = stream();
    s.watchCompressorOutput(compressorOutput);
    s.onBytes(EVENT, 0, EVENT.length);
    // The committing flush: the compressor decides to compress and writes header and block.
    SseHooks.context(compressorOutput).onCompressedBytes(25);
    committed = true;
    s.onFlush();
    s.onBytes(EVENT, 0, EVENT.length);
    SseHooks.context(compressorOutput).onCompressedBytes(7);
    s.onFlush();
    SseHooks.context(compressorOutput).onCompressedBytes(10);
    s.end(CloseReason.COMPLETED);

    assertThat(end().bytes()).isEqualTo(42);
    assertThat(end().events()).isEqualTo(2);
    assertThat(SseHooks.context(compressorOutput)).isNull();
  }

  @Test
  void aWatchedCompressorThatLeavesTheBodyAloneChangesNothing() {
    ServletStream s = stream();
    s.watchCompressorOutput(compressorOutput);
    s.onBytes(EVENT, 0, EVENT.length);
    committed = true;
    s.onFlush();
    s.onBytes(EVENT, 0, EVENT.length);
    s.onFlush();
    s.end(CloseReason.COMPLETED);

    assertThat(end().bytes()).isEqualTo(2 * EVENT.length);
    assertThat(end().events()).isEqualTo(2);
    assertThat(SseHooks.context(compressorOutput)).isNull();
  }

  @Test
  void aWatchedCompressorFirstHeardOfAfterTheServletsBytesWereCountedIsUntied() {
    ServletStream s = stream();
    s.watchCompressorOutput(compressorOutput);
    committed = true;
    s.onBytes(EVENT, 0, EVENT.length);
    s.onFlush();
    SseHooks.context(compressorOutput).onCompressedBytes(99);

    // Its further output costs a lookup that misses.
    assertThat(SseHooks.context(compressorOutput)).isNull();
    s.end(CloseReason.COMPLETED);
    assertThat(end().bytes()).isEqualTo(EVENT.length);
    assertThat(end().events()).isEqualTo(1);
  }

  @Test
  void outputWithoutACompressorTiedToTheStreamIsNotCounted() {
    ServletStream s = stream();
    committed = true;
    s.onBytes(EVENT, 0, EVENT.length);
    s.onCompressedBytes(99);
    s.onFlush();
    s.end(CloseReason.COMPLETED);

    assertThat(end().bytes()).isEqualTo(EVENT.length);
    assertThat(end().events()).isEqualTo(1);
  }
}
