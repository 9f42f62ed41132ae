package dev.ssewatch.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LoadPlanTest {

  private static LoadPlan plan(int streams, double rate, Duration ramp) {
    return new LoadPlan(
        new Scenario(List.of(new Target(URI.create("http://h/e"), "GET", null, List.of(), 1))),
        streams,
        rate,
        ramp,
        Duration.ofMinutes(1),
        0,
        100,
        Duration.ofMinutes(4),
        true,
        Duration.ofSeconds(3),
        Duration.ofSeconds(10),
        null,
        false,
        null,
        ClientTransport.NIO,
        1);
  }

  @ParameterizedTest
  @CsvSource({
    // streams, rate, ramp ms, elapsed ms, starts due
    "10, 0, 0, 0, 10",
    "10, 0, 1000, 0, 1",
    "10, 0, 1000, 99, 1",
    "10, 0, 1000, 100, 2",
    "10, 0, 1000, 950, 10",
    "10, 0, 1000, 5000, 10",
    "0, 20, 0, 0, 0",
    "0, 20, 0, 49, 0",
    "0, 20, 0, 50, 1",
    "0, 20, 0, 10000, 200",
    "0, 0.5, 0, 4000, 2"
  })
  void startsAreSpreadOverTheRampOrPacedByTheRate(
      int streams, double rate, long rampMs, long elapsedMs, long due) {
    assertThat(plan(streams, rate, Duration.ofMillis(rampMs)).startsDue(elapsedMs * 1_000_000))
        .isEqualTo(due);
  }

  @ParameterizedTest
  @CsvSource({"0, 0", "5, 2", "-1, 0", "0, -1", "2000000, 0"})
  void eitherAPopulationOrARate(int streams, double rate) {
    assertThatThrownBy(() -> plan(streams, rate, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
