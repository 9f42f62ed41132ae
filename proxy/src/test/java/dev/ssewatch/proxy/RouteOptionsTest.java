package dev.ssewatch.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RouteOptionsTest {

  @Test
  void builderValidatesOnlyTheResultSoRelatedOptionsCanChangeInAnyOrder() {
    // A heartbeat above the default 240s budget is fine once the budget grows with it.
    RouteOptions o =
        RouteOptions.defaults().toBuilder()
            .heartbeat(Duration.ofMinutes(5))
            .idleBudget(Duration.ofMinutes(10))
            .build();

    assertThat(o.heartbeat()).isEqualTo(Duration.ofMinutes(5));
    assertThat(o.idleBudget()).isEqualTo(Duration.ofMinutes(10));
    assertThat(o.connectTimeout()).isEqualTo(RouteOptions.DEFAULT_CONNECT_TIMEOUT);
  }

  @Test
  void buildStillRefusesAHeartbeatThatCannotKeepTheStreamAlive() {
    assertThatThrownBy(
            () ->
                RouteOptions.defaults().toBuilder()
                    .heartbeat(Duration.ofMinutes(5))
                    .idleBudget(Duration.ofMinutes(4))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shorter than the idle budget");
  }

  @Test
  void withersChangeOneOptionAndKeepTheRest() {
    RouteOptions o =
        RouteOptions.defaults().withAntiBufferingHeaders(true).withHeartbeatComment("hb");

    assertThat(o.antiBufferingHeaders()).isTrue();
    assertThat(o.heartbeatComment()).isEqualTo("hb");
    assertThat(o.heartbeat()).isEqualTo(RouteOptions.DEFAULT_HEARTBEAT);
    assertThat(o.forwarded()).isEqualTo(RouteOptions.ForwardedStyle.X_FORWARDED);
  }
}
