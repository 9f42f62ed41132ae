package dev.ssewatch.core.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PendingEventsTest {

  /** What went out: {seq, writeToWire}. */
  private final List<long[]> out = new ArrayList<>();

  private final PendingEvents.Emitter emitter =
      (p, i, writeToWire) -> out.add(new long[] {p.seq(i), writeToWire});

  private static void hold(PendingEvents p, long seq, long bytesNanos, PendingEvents.Emitter e) {
    p.hold(seq, "t", "id-" + seq, 10, 1, -1, 0, bytesNanos, e);
  }

  @Test
  void growsByDoublingAndKeepsTheOrder() {
    PendingEvents p = new PendingEvents(PendingEvents.INITIAL);
    // Wrap the ring before it grows, so growing has to unroll it.
    hold(p, 1, 10, emitter);
    p.flush(11, 10, emitter);
    for (long seq = 2; seq <= 6; seq++) {
      hold(p, seq, seq * 10, emitter);
    }
    assertThat(p.capacity()).isEqualTo(8);
    assertThat(p.count).isEqualTo(5);

    p.flush(100, Long.MAX_VALUE, emitter);

    assertThat(out).extracting(e -> e[0]).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    assertThat(out).extracting(e -> e[1]).containsExactly(1L, 80L, 70L, 60L, 50L, 40L);
    assertThat(p.count).isZero();
  }

  @Test
  void aFullRingSendsItsOldestOutWithoutAWireTime() {
    PendingEvents p = new PendingEvents(PendingEvents.INITIAL);
    for (long seq = 1; seq <= PendingEvents.MAX + 2; seq++) {
      hold(p, seq, seq, emitter);
    }
    assertThat(p.capacity()).isEqualTo(PendingEvents.MAX);
    assertThat(p.count).isEqualTo(PendingEvents.MAX);
    assertThat(out).extracting(e -> e[0]).containsExactly(1L, 2L);
    assertThat(out).extracting(e -> e[1]).containsExactly(-1L, -1L);
  }

  @Test
  void flushStopsAtTheFirstEventNewerThanAsked() {
    PendingEvents p = new PendingEvents(PendingEvents.INITIAL);
    hold(p, 1, 100, emitter);
    hold(p, 2, 200, emitter);
    hold(p, 3, 300, emitter);

    p.flush(-1, 200, emitter);

    assertThat(out).extracting(e -> e[0]).containsExactly(1L, 2L);
    assertThat(out).extracting(e -> e[1]).containsExactly(-1L, -1L);
    assertThat(p.count).isEqualTo(1);
    assertThat(p.id(p.head)).isEqualTo("id-3");
  }

  @Test
  void aQuietStreamKeepsARingOnlyWhileItHoldsEvents() {
    PendingEvents p = new PendingEvents(PendingEvents.INITIAL);
    assertThat(QuietRelease.ringToKeep(null)).isNull();
    assertThat(QuietRelease.ringToKeep(p)).isNull();
    hold(p, 1, 1, emitter);
    assertThat(QuietRelease.ringToKeep(p)).isSameAs(p);
    assertThat(QuietRelease.due(QuietRelease.AFTER_NANOS - 1, 0)).isFalse();
    assertThat(QuietRelease.due(QuietRelease.AFTER_NANOS, 0)).isTrue();
  }
}
