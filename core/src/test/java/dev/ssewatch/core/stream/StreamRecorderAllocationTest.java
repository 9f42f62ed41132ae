package dev.ssewatch.core.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.core.telemetry.CloseReason;
import dev.ssewatch.core.testing.Allocations;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * onBytes runs per chunk on event loops and application threads: beyond the event records
 * themselves it must not allocate.
 */
class StreamRecorderAllocationTest {

  private static final int ROUNDS = Allocations.ROUNDS;

  private static final byte[] CHUNK =
      ("event: token\nid: 7\ndata: a\n\n: ping\n\nevent: token\nid: 7\ndata: bb\ndata: c\n\n")
          .getBytes(StandardCharsets.UTF_8);

  @Test
  void chunksOfEventsAllocateNothingWhenNoEventIsRecorded() {
    Fixture f = new Fixture(Map.of("ssewatch.events.sample", "none"));
    StreamRecorder r = f.sse();

    long perRound = Allocations.perRound(() -> r.onBytes(CHUNK, 0, CHUNK.length, f.now()));

    assertThat(perRound).isLessThan(8);
    assertThat(r.snapshot(f.now()).events()).isGreaterThanOrEqualTo(2L * ROUNDS);
  }

  @Test
  void heldEventsCostNoMoreThanTheirRecords() {
    Fixture f = new Fixture();
    StreamRecorder r = f.beginTracked();
    r.onResponseHeaders(200, Fixture.SSE_RESPONSE, f.now());
    Runnable round =
        () -> {
          r.onBytes(CHUNK, 0, CHUNK.length, f.now());
          r.onWireWrite(f.now());
          f.sink.clear();
        };

    long perRound = Allocations.perRound(round);

    // Two EventRecords measure about 160 bytes on a 64-bit JVM; a boxed value, array or string
    // per event would push this above.
    assertThat(perRound).isLessThan(256);
    r.onEnd(CloseReason.COMPLETED, f.now());
  }

  @Test
  void aNewIdOnEveryEventCostsItsHashAndNoStringOfTheRawId() {
    Fixture f = new Fixture();
    StreamRecorder r = f.beginTracked();
    r.onResponseHeaders(200, Fixture.SSE_RESPONSE, f.now());
    byte[] newIds = "id: 1001\ndata: a\n\nid: 1002\ndata: b\n\n".getBytes(StandardCharsets.UTF_8);
    byte[] otherIds = "id: 2001\ndata: a\n\nid: 2002\ndata: b\n\n".getBytes(StandardCharsets.UTF_8);
    Runnable round =
        () -> {
          r.onBytes(newIds, 0, newIds.length, f.now());
          r.onBytes(otherIds, 0, otherIds.length, f.now());
          r.onWireWrite(f.now());
          f.sink.clear();
        };

    long perRound = Allocations.perRound(round);

    // Four events with four new ids: four EventRecords (about 104 bytes each, their trace and span
    // ids as longs) and four hashed-id Strings (about 56 bytes each). A String of each raw id
    // (about 48 bytes more per event) would push this above.
    assertThat(perRound).isLessThan(4 * (104 + 56) + 64);
    r.onEnd(CloseReason.COMPLETED, f.now());
  }

  @Test
  void droppedIdsCostNoStringAtAll() {
    Fixture f = new Fixture(Map.of("ssewatch.event-id", "drop"));
    StreamRecorder r = f.beginTracked();
    r.onResponseHeaders(200, Fixture.SSE_RESPONSE, f.now());
    byte[] newIds = "id: 1001\ndata: a\n\nid: 1002\ndata: b\n\n".getBytes(StandardCharsets.UTF_8);
    byte[] otherIds = "id: 2001\ndata: a\n\nid: 2002\ndata: b\n\n".getBytes(StandardCharsets.UTF_8);
    Runnable round =
        () -> {
          r.onBytes(newIds, 0, newIds.length, f.now());
          r.onBytes(otherIds, 0, otherIds.length, f.now());
          r.onWireWrite(f.now());
          f.sink.clear();
        };

    long perRound = Allocations.perRound(round);

    // Four EventRecords of about 104 bytes; a String per id would add about 48 bytes per event.
    assertThat(perRound).isLessThan(4 * 104 + 64);
    r.onEnd(CloseReason.COMPLETED, f.now());
  }

  @Test
  void wireWritesHeartbeatsAndTicksOfAQuietStreamAllocateNothing() {
    Fixture f = new Fixture();
    StreamRecorder r = f.beginTracked();
    r.onResponseHeaders(200, Fixture.SSE_RESPONSE, f.now());
    Runnable round =
        () -> {
          r.onWireWrite(f.now());
          r.onHeartbeat(f.now());
          r.tick(f.now());
        };

    long perRound = Allocations.perRound(round);

    // Each runs its step under the recorder's guard: an object per call (a capturing lambda, a
    // boxed time) would cost at least 16 bytes a call.
    assertThat(perRound).isLessThan(8);
    assertThat(r.internalErrors()).isZero();
    r.onEnd(CloseReason.COMPLETED, f.now());
  }
}
