package dev.ssewatch.proxy.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SharedTargetsTest {

  @Test
  void anEqualTargetIsTheStringSeenBefore() {
    String first = SharedTargets.shared(new String("/events?topic=shared-test"));
    String second = SharedTargets.shared(new String("/events?topic=shared-test"));
    assertThat(second).isSameAs(first);
  }

  @Test
  void aDifferentTargetIsKeptAsItCame() {
    SharedTargets.shared(new String("/a-target"));
    String other = new String("/another-target");
    assertThat(SharedTargets.shared(other)).isSameAs(other);
  }

  @Test
  void longTargetsAreNotRemembered() {
    String path = "/" + "x".repeat(SharedTargets.MAX_LENGTH);
    SharedTargets.shared(new String(path));
    String again = new String(path);
    assertThat(SharedTargets.shared(again)).isSameAs(again);
  }
}
