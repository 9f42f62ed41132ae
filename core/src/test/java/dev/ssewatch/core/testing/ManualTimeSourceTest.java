package dev.ssewatch.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManualTimeSourceTest {

  @Test
  void advancesBothClocksTogether() {
    ManualTimeSource time = new ManualTimeSource(5_000_000L, 1_000L);

    time.advance(Duration.ofSeconds(2));

    assertThat(time.nanoTime()).isEqualTo(2_005_000_000L);
    assertThat(time.epochMillis()).isEqualTo(3_000L);
  }

  @Test
  void subMillisecondStepsAddUpOnTheWallClock() {
    ManualTimeSource time = new ManualTimeSource(0, 0);

    for (int i = 0; i < 4; i++) {
      time.advanceNanos(250_000L);
    }

    assertThat(time.epochMillis()).isEqualTo(1L);
  }

  @Test
  void refusesToGoBack() {
    ManualTimeSource time = new ManualTimeSource();

    assertThatThrownBy(() -> time.advanceNanos(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> time.setNanoTime(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void concurrentAdvancesAreNotLost() throws Exception {
    ManualTimeSource time = new ManualTimeSource(0, 0);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread th =
          new Thread(
              () -> {
                for (int i = 0; i < 10_000; i++) {
                  time.advanceMillis(1);
                }
              });
      threads.add(th);
      th.start();
    }
    for (Thread th : threads) {
      th.join();
    }

    assertThat(time.nanoTime()).isEqualTo(40_000L * 1_000_000L);
    assertThat(time.epochMillis()).isEqualTo(40_000L);
  }
}
