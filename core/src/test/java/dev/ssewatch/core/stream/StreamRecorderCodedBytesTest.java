package dev.ssewatch.core.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.core.telemetry.CloseReason;
import dev.ssewatch.core.telemetry.StreamEnd;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Bytes sent in a content coding: the coded bytes are the wire's, the decoded ones are parsed. */
class StreamRecorderCodedBytesTest {

  private final Fixture f = new Fixture();

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void codedBytesAreCountedAndTheirDecodedEventsParsed() {
    StreamRecorder r = f.sse();
    byte[] first = utf8("id: 1\ndata: a");
    byte[] rest = utf8("b\n\ndata: c\n\n");
    r.onCodedBytes(20, first, 0, first.length, f.now());
    // more decoded from the same coded bytes
    r.onCodedBytes(0, rest, 0, rest.length, f.now());
    r.onEnd(CloseReason.COMPLETED, f.now());

    StreamEnd end = f.sink.single(StreamEnd.class);
    assertThat(end.bytes()).isEqualTo(20);
    assertThat(end.events()).isEqualTo(2);
  }

  @Test
  void codedBytesWithNothingDecodedStillCountAsWireActivity() {
    StreamRecorder r = f.sse();
    for (int i = 0; i < 60; i++) {
      f.advance(Duration.ofSeconds(5));
      r.onCodedBytes(7, null, 0, 0, f.now());
    }
    f.recorders.tick();
    r.onEnd(CloseReason.COMPLETED, f.now());

    StreamEnd end = f.sink.single(StreamEnd.class);
    assertThat(end.bytes()).isEqualTo(60 * 7);
    assertThat(end.events()).isZero();
    assertThat(end.largestGapNanos()).isEqualTo(Duration.ofSeconds(5).toNanos());
    // five minutes without a decoded byte, but never a silence on the wire
    assertThat(f.sink.alertRules()).isEmpty();
  }

  @Test
  void decodedBytesWithNoWireBytesLeaveTheSilenceOnTheWireRunning() {
    StreamRecorder r = f.sse();
    byte[] event = utf8("data: held\n\n");
    // A compressor further on holds what the server writes: events, but nothing on the wire.
    for (int i = 0; i < 60; i++) {
      f.advance(Duration.ofSeconds(5));
      r.onCodedBytes(0, event, 0, event.length, f.now());
    }
    f.recorders.tick();
    r.onCodedBytes(40, null, 0, 0, f.now());
    r.onEnd(CloseReason.COMPLETED, f.now());

    StreamEnd end = f.sink.single(StreamEnd.class);
    assertThat(end.bytes()).isEqualTo(40);
    assertThat(end.events()).isEqualTo(60);
    assertThat(end.largestGapNanos()).isEqualTo(Duration.ofMinutes(5).toNanos());
    assertThat(f.sink.alertRules()).contains("gap_critical");
  }

  @Test
  void nothingAtAllIsNoActivity() {
    StreamRecorder r = f.sse();
    f.advance(Duration.ofSeconds(3));
    r.onCodedBytes(0, null, 0, 0, f.now());
    r.onEnd(CloseReason.COMPLETED, f.now());

    assertThat(f.sink.single(StreamEnd.class).bytes()).isZero();
  }
}
