package dev.ssewatch.proxy.jvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class MemoryReturnTest {

  private static final Duration NEVER = Duration.ofHours(1);

  /** A JVM whose flags are a map; refuses what HotSpot refuses (Min above Max). */
  private static final class FakeJvm implements JvmControls {
    final Map<String, Flag> flags = new HashMap<>();
    final List<String> sets = new ArrayList<>();
    final AtomicInteger trims = new AtomicInteger();
    boolean g1 = true;
    boolean trimmable = true;
    Consumer<String> gcListener;
    boolean listenerRemoved;

    FakeJvm() {
      flags.put("MinHeapFreeRatio", new Flag(40, true));
      flags.put("MaxHeapFreeRatio", new Flag(70, true));
      flags.put("G1PeriodicGCInterval", new Flag(0, true));
      flags.put("TrimNativeHeapInterval", new Flag(0, true));
    }

    FakeJvm setByOperator(String name, long value) {
      flags.put(name, new Flag(value, false));
      return this;
    }

    long value(String name) {
      return flags.get(name).value();
    }

    @Override
    public boolean g1() {
      return g1;
    }

    @Override
    public Flag flag(String name) {
      return flags.get(name);
    }

    @Override
    public void set(String name, long value) {
      if (name.equals("MinHeapFreeRatio") && value > value("MaxHeapFreeRatio")
          || name.equals("MaxHeapFreeRatio") && value < value("MinHeapFreeRatio")) {
        throw new IllegalArgumentException(name + " would cross the other ratio");
      }
      flags.put(name, new Flag(value, false));
      sets.add(name + "=" + value);
    }

    @Override
    public boolean trimNativeHeap() {
      trims.incrementAndGet();
      return trimmable;
    }

    @Override
    public AutoCloseable onHeapShrinkingGc(Consumer<String> listener) {
      gcListener = listener;
      return () -> listenerRemoved = true;
    }
  }

  @Test
  void onG1WithDefaultFlagsTheHeapRatiosAndPeriodicGcAreSet() {
    FakeJvm jvm = new FakeJvm();
    try (MemoryReturn r = MemoryReturn.start(jvm, NEVER)) {
      // Min first: Max=20 below the default Min of 40 would be refused.
      assertThat(jvm.sets)
          .containsExactly(
              "MinHeapFreeRatio=10", "MaxHeapFreeRatio=20", "G1PeriodicGCInterval=60000");
      assertThat(r.summary())
          .contains("MinHeapFreeRatio=10", "MaxHeapFreeRatio=20", "G1PeriodicGCInterval=60000")
          .contains("native heap trimmed after full GCs and every 1h");
    }
  }

  @Test
  void flagsTheOperatorSetAreKept() {
    FakeJvm jvm =
        new FakeJvm()
            .setByOperator("MaxHeapFreeRatio", 50)
            .setByOperator("G1PeriodicGCInterval", 0);
    try (MemoryReturn r = MemoryReturn.start(jvm, NEVER)) {
      assertThat(jvm.sets).containsExactly("MinHeapFreeRatio=10");
      assertThat(jvm.value("MaxHeapFreeRatio")).isEqualTo(50);
      assertThat(r.summary())
          .contains("MaxHeapFreeRatio kept at 50", "G1PeriodicGCInterval kept at 0");
    }
  }

  @Test
  void anOperatorsLowMaximumKeepsTheMinimumBelowIt() {
    FakeJvm jvm = new FakeJvm().setByOperator("MaxHeapFreeRatio", 5);
    try (MemoryReturn r = MemoryReturn.start(jvm, NEVER)) {
      assertThat(jvm.sets).containsExactly("G1PeriodicGCInterval=60000");
      assertThat(jvm.value("MinHeapFreeRatio")).isEqualTo(40);
    }
  }

  @Test
  void anOperatorsHighMinimumKeepsTheMaximumAboveIt() {
    FakeJvm jvm = new FakeJvm().setByOperator("MinHeapFreeRatio", 30);
    try (MemoryReturn r = MemoryReturn.start(jvm, NEVER)) {
      assertThat(jvm.sets).containsExactly("G1PeriodicGCInterval=60000");
      assertThat(jvm.value("MaxHeapFreeRatio")).isEqualTo(70);
      assertThat(r.summary()).contains("MinHeapFreeRatio kept at 30");
    }
  }

  @Test
  void otherCollectorsKeepTheirHeapFlags() {
    FakeJvm jvm = new FakeJvm();
    jvm.g1 = false;
    try (MemoryReturn r = MemoryReturn.start(jvm, NEVER)) {
      assertThat(jvm.sets).isEmpty();
      assertThat(r.summary()).contains("heap left as it is (not G1)");
    }
  }

  @Test
  void aJvmThatTrimsItselfIsLeftToIt() {
    FakeJvm jvm = new FakeJvm().setByOperator("TrimNativeHeapInterval", 5000);
    try (MemoryReturn r = MemoryReturn.start(jvm, NEVER)) {
      assertThat(jvm.trims).hasValue(0);
      assertThat(jvm.gcListener).isNull();
      assertThat(r.summary()).contains("trimmed by the JVM");
    }
  }

  @Test
  void withoutGlibcNothingIsTrimmedOrListenedFor() {
    FakeJvm jvm = new FakeJvm();
    jvm.trimmable = false;
    try (MemoryReturn r = MemoryReturn.start(jvm, Duration.ofMillis(10))) {
      assertThat(jvm.trims).hasValue(1);
      assertThat(jvm.gcListener).isNull();
      assertThat(r.summary()).contains("not trimmable");
    }
  }

  @Test
  void aHeapShrinkingCollectionIsFollowedByATrim() {
    FakeJvm jvm = new FakeJvm();
    try (MemoryReturn r = MemoryReturn.start(jvm, NEVER)) {
      assertThat(r.trims()).isZero();
      jvm.gcListener.accept("G1 Old Generation");
      await().atMost(Duration.ofSeconds(30)).until(() -> r.trims() >= 1);
    }
    assertThat(jvm.listenerRemoved).isTrue();
  }

  @Test
  void theCHeapIsTrimmedPeriodicallyUntilClosed() {
    FakeJvm jvm = new FakeJvm();
    MemoryReturn r = MemoryReturn.start(jvm, Duration.ofMillis(20));
    await().atMost(Duration.ofSeconds(30)).until(() -> r.trims() >= 3);
    r.close();
    long after = r.trims();
    jvm.gcListener.accept("G1 Old Generation");
    // Closing stops the thread: a collection reported late is dropped, not an exception.
    assertThat(r.trims()).isLessThanOrEqualTo(after + 1);
  }
}
