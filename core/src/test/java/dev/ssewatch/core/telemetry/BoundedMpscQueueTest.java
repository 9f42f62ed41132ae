package dev.ssewatch.core.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BoundedMpscQueueTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"1, 1", "2, 2", "3, 4", "1000, 1024", "65536, 65536", "65537, 131072"})
  void capacityIsRoundedUpToAPowerOfTwo(int requested, int expected) {
    assertThat(new BoundedMpscQueue<String>(requested).capacity()).isEqualTo(expected);
  }

  @Test
  void rejectsNonsenseCapacities() {
    assertThatThrownBy(() -> new BoundedMpscQueue<String>(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void isFifoAndRefusesWhenFullUntilSomethingIsTaken() {
    BoundedMpscQueue<Integer> q = new BoundedMpscQueue<>(4);
    for (int i = 0; i < 4; i++) {
      assertThat(q.offer(i)).isTrue();
    }

    assertThat(q.offer(99)).isFalse();
    assertThat(q.size()).isEqualTo(4);
    assertThat(q.poll()).isZero();
    assertThat(q.offer(4)).isTrue();
    List<Integer> rest = new ArrayList<>();
    for (Integer e = q.poll(); e != null; e = q.poll()) {
      rest.add(e);
    }
    assertThat(rest).containsExactly(1, 2, 3, 4);
    assertThat(q.size()).isZero();
    assertThat(q.offered()).isEqualTo(5);
    assertThat(q.taken()).isEqualTo(5);
  }

  @Test
  void offerAtReturnsThePositionTakenOrMinusOneWhenFull() {
    BoundedMpscQueue<Integer> q = new BoundedMpscQueue<>(2);

    assertThat(q.offerAt(10)).isZero();
    assertThat(q.offerAt(11)).isEqualTo(1);
    assertThat(q.offerAt(12)).isEqualTo(-1);
    assertThat(q.poll()).isEqualTo(10);
    assertThat(q.offerAt(13)).isEqualTo(2);
  }

  @Test
  @Timeout(120) // a lost element would otherwise hang the consumer loop forever
  void concurrentProducersLoseNothingAndKeepTheirOwnOrder() throws InterruptedException {
    BoundedMpscQueue<long[]> q = new BoundedMpscQueue<>(1024);
    int producers = 4;
    int perProducer = 200_000;
    List<Thread> threads = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      int id = p;
      Thread t =
          new Thread(
              () -> {
                for (int i = 0; i < perProducer; i++) {
                  long[] e = {id, i};
                  while (!q.offer(e)) {
                    Thread.onSpinWait();
                  }
                }
              });
      threads.add(t);
      t.start();
    }
    long[] next = new long[producers];
    long received = 0;
    while (received < (long) producers * perProducer) {
      long[] e = q.poll();
      if (e == null) {
        Thread.onSpinWait();
        continue;
      }
      assertThat(e[1]).isEqualTo(next[(int) e[0]]);
      next[(int) e[0]]++;
      received++;
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(q.poll()).isNull();
    assertThat(next).containsOnly(perProducer);
  }
}
