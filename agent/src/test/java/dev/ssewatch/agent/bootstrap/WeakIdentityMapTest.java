package dev.ssewatch.agent.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
}
