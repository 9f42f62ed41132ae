package dev.ssewatch.agent.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WeakIdentityMapTest {

  private final WeakIdentityMap<String> map = new WeakIdentityMap<>();

  @Test
  void looksKeysUpByIdentityNotEquality() {
    String a = new String("key");
    String b = new String("key");
    map.put(a, "A");
    assertThat(map.get(a)).isEqualTo("A");
    assertThat(map.get(b)).isNull();
    assertThat(map.get(null)).isNull();
  }

  @Test
  void removesAMappingOnlyWhileItHoldsTheGivenValue() {
    Object key = new Object();
    map.put(key, "first");
    map.put(key, "second");
    map.remove(key, "first");
    assertThat(map.get(key)).isEqualTo("second");
    map.remove(key, "second");
    assertThat(map.get(key)).isNull();
  }

  @Test
  void growsBeyondItsInitialTables() {
    List<Object> keys = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      Object k = new Object();
      keys.add(k);
      map.put(k, "v" + i);
    }
    for (int i = 0; i < keys.size(); i++) {
      assertThat(map.get(keys.get(i))).isEqualTo("v" + i);
    }
    assertThat(map.size()).isEqualTo(10_000);
  }

  @Test
  void doesNotKeepItsKeysAlive() {
    for (int i = 0; i < 1000; i++) {
      map.put(new Object(), "garbage");
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              System.gc();
              return map.size() == 0;
            });
  }

  @Test
  void looksUpWithoutWaitingForTheLockOfItsStripe() throws Exception {
    Object key = new Object();
    map.put(key, "value");
    Object stripe = stripeOf(key);
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread holder =
        new Thread(
            () -> {
              synchronized (stripe) {
                held.countDown();
                try {
                  release.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
            });
    holder.start();
    held.await();
    try {
      CompletableFuture<String> lookup = CompletableFuture.supplyAsync(() -> map.get(key));
      await().atMost(Duration.ofSeconds(30)).until(lookup::isDone);
      assertThat(lookup.get()).isEqualTo("value");
    } finally {
      release.countDown();
      holder.join();
    }
  }

  @Test
  void lookupsRacingPutsRemovesAndResizesFindEveryStableKey() throws Exception {
    List<Object> stable = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      Object k = new Object();
      stable.add(k);
      map.put(k, "stable" + i);
    }
    AtomicBoolean done = new AtomicBoolean();
    Thread churn =
        new Thread(
            () -> {
              // Grows every stripe's table several times over, then empties it, again and again.
              while (!done.get()) {
                List<Object> batch = new ArrayList<>();
                for (int i = 0; i < 2_000; i++) {
                  Object k = new Object();
                  batch.add(k);
                  map.put(k, "churn");
                }
                for (Object k : batch) {
                  map.remove(k, "churn");
                }
              }
            });
    churn.start();
    AtomicInteger misses = new AtomicInteger();
    try {
      for (int round = 0; round < 2_000; round++) {
        for (int i = 0; i < stable.size(); i++) {
          if (!("stable" + i).equals(map.get(stable.get(i)))) {
            misses.incrementAndGet();
          }
        }
      }
    } finally {
      done.set(true);
      churn.join();
    }
    assertThat(misses).hasValue(0);
  }

  /** The stripe object {@code key} hashes to: the monitor its writers hold. */
  private Object stripeOf(Object key) throws ReflectiveOperationException {
    Field f = WeakIdentityMap.class.getDeclaredField("segments");
    f.setAccessible(true);
    Object[] segments = (Object[]) f.get(map);
    int h = System.identityHashCode(key);
    h ^= h >>> 16;
    return segments[h & (segments.length - 1)];
  }
}
