package dev.ssewatch.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.stream.StreamRecorders;
import dev.ssewatch.core.telemetry.CloseReason;
import dev.ssewatch.core.telemetry.StreamEnd;
import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.telemetry.TelemetryRecord;
import dev.ssewatch.core.testing.Allocations;
import dev.ssewatch.core.time.TimeSource;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bytes of the buffers Helidon's socket writer is given, read for every event: all of them,
 * without moving the buffer, and without allocating.
 */
class HelidonBufferReadTest {

  private static final int ROUNDS = Allocations.ROUNDS;

  /** An event of about 300 bytes, longer than one scratch chunk, as a JSON event would be. */
  private static final byte[] EVENT =
      ("id: 42\nevent: token\ndata: {\"choices\":[{\"delta\":{\"content\":\""
              + "x".repeat(230)
              + "\"}}]}\n\n")
          .getBytes(StandardCharsets.UTF_8);

  private final List<TelemetryRecord> records = new CopyOnWriteArrayList<>();
  private final StreamRecorders recorders =
      StreamRecorders.createWithoutTicker(
          Settings.of(Map.of("ssewatch.events.sample", "none")),
          StreamSource.AGENT,
          records::add,
          TimeSource.system());
  private final ServerStreamHooks hooks =
      new ServerStreamHooks(recorders, new RecordingWarmUp(Settings.of(Map.of())));

  @AfterEach
  void close() {
    recorders.close();
  }

  /** Shaped as Helidon's {@code BufferData}: a read position that only its reads move. */
  interface Buffer {
    int available();

    int get(int index);
  }

  /** A buffer whose methods are declared by a public interface. */
  public interface PublicBuffer extends Buffer {
    @Override
    int available();

    @Override
    int get(int index);
  }

  /** A non-public implementation of the public interface, as Helidon's buffers are. */
  static final class FixedBuffer implements PublicBuffer {
    private final byte[] bytes;
    private final int readPosition;

    FixedBuffer(byte[] bytes, int readPosition) {
      this.bytes = bytes;
      this.readPosition = readPosition;
    }

    @Override
    public int available() {
      return bytes.length - readPosition;
    }

    @Override
    public int get(int index) {
      return bytes[readPosition + index];
    }
  }

  /** A buffer whose public methods are declared by no public type. */
  static final class HiddenBuffer implements Buffer {
    private final byte[] bytes;

    HiddenBuffer(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public int available() {
      return bytes.length;
    }

    @Override
    public int get(int index) {
      return bytes[index] & 0xff;
    }
  }

  private BodyContext start() {
    return hooks.start(
        new Object(),
        "test",
        null,
        "GET",
        "/events",
        List.of(),
        200,
        List.of(Map.entry("Content-Type", "text/event-stream")));
  }

  @Test
  void everyReadableByteIsRecordedFromTheReadPositionOnAndTheBufferIsLeftAsItIs() {
    BodyContext c = start();
    byte[] withHead = new byte[7 + EVENT.length];
    System.arraycopy(EVENT, 0, withHead, 7, EVENT.length);
    FixedBuffer buffer = new FixedBuffer(withHead, 7);

    hooks.bufferData(c, buffer);
    hooks.bufferData(c, new HiddenBuffer(EVENT));
    c.onClose();

    assertThat(buffer.available()).isEqualTo(EVENT.length);
    StreamEnd end = end();
    assertThat(end.events()).isEqualTo(2);
    assertThat(end.bytes()).isEqualTo(2L * EVENT.length);
    assertThat(end.closeReason()).isEqualTo(CloseReason.COMPLETED);
  }

  @Test
  void aBufferWithoutTheReadsIsLeftAlone() {
    BodyContext c = start();

    hooks.bufferData(c, new Object());
    c.onClose();

    assertThat(end().bytes()).isZero();
  }

  @Test
  void readingAnEventAllocatesNothing() {
    BodyContext c = start();
    FixedBuffer fixed = new FixedBuffer(EVENT, 0);
    HiddenBuffer hidden = new HiddenBuffer(EVENT);

    long perRound =
        Allocations.perRound(
            () -> {
              hooks.bufferData(c, fixed);
              hooks.bufferData(c, hidden);
            });

    // Through Method.invoke each byte costs an argument array and a boxed index: kilobytes an
    // event.
    assertThat(perRound).isLessThan(8);
    c.onClose();
    assertThat(end().events()).isEqualTo(4L * ROUNDS);
  }

  private StreamEnd end() {
    return records.stream()
        .filter(r -> r instanceof StreamEnd)
        .map(r -> (StreamEnd) r)
        .findFirst()
        .orElseThrow();
  }
}
