package dev.ssewatch.core.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssewatch.core.telemetry.ExporterHealth.Reason;
import dev.ssewatch.core.telemetry.ExporterHealth.State;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExporterHealthTest {

  private final List<String> lines = new ArrayList<>();
  private final ExporterHealth health =
      new ExporterHealth("otlp", (level, message) -> lines.add(level + " " + message));

  @Test
  void countsByOutcomeAndReason() {
    health.sent(5);
    health.failed(Reason.UNREACHABLE, 3);
    health.failed(Reason.TIMEOUT, 1);
    health.dropped(Reason.BREAKER_OPEN, 7);
    health.dropped(Reason.QUEUE_FULL, 0);
    health.failed(Reason.ERROR, -2);

    assertThat(health.sent()).isEqualTo(5);
    assertThat(health.failed()).isEqualTo(4);
    assertThat(health.failed(Reason.UNREACHABLE)).isEqualTo(3);
    assertThat(health.dropped()).isEqualTo(7);
    assertThat(health.dropped(Reason.QUEUE_FULL)).isZero();
  }

  @Test
  void logsEachChangeOfStateOnceAndTheLossWhenBack() {
    health.failed(Reason.ERROR, 2); // before the outage: not counted in its loss
    assertThat(health.enter(State.RETRYING, "endpoint unreachable")).isTrue();
    assertThat(health.enter(State.RETRYING, "endpoint unreachable")).isFalse();
    health.failed(Reason.UNREACHABLE, 4);
    assertThat(health.enter(State.PAUSED, "paused")).isTrue();
    health.dropped(Reason.BREAKER_OPEN, 6);
    assertThat(health.state()).isEqualTo(State.PAUSED);
    assertThat(health.cause()).isEqualTo("paused");

    assertThat(health.recovered("OTLP endpoint http://collector:4318")).isTrue();
    assertThat(health.recovered("OTLP endpoint http://collector:4318")).isFalse();

    assertThat(lines)
        .containsExactly(
            Level.WARNING + " ssewatch: endpoint unreachable",
            Level.WARNING + " ssewatch: paused",
            Level.INFO
                + " ssewatch: OTLP endpoint http://collector:4318 is back: 10 records failed or"
                + " dropped while it was down");
    assertThat(health.state()).isEqualTo(State.OK);
    assertThat(health.cause()).isEmpty();
    assertThat(health.changes()).isEqualTo(3);
  }

  @Test
  void okIsReachedOnlyThroughRecovered() {
    assertThatThrownBy(() -> health.enter(State.OK, "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void wireNames() {
    assertThat(List.of(State.values()).stream().map(State::wireName))
        .containsExactly("ok", "retrying", "paused", "refused");
    assertThat(List.of(Reason.values()).stream().map(Reason::wireName))
        .containsExactly(
            "queue_full", "breaker_open", "refused", "unreachable", "timeout", "error", "shutdown");
  }
}
