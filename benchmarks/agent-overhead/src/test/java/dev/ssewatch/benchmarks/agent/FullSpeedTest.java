package dev.ssewatch.benchmarks.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FullSpeedTest {

  private static FullSpeed.Launch launch(
      double serverCores, double clientCores, List<Long> warmupCompilations) {
    return new FullSpeed.Launch(
        80_000, 10.25, 5.03, serverCores, 100, clientCores, 40, 7, 0.0, 334, warmupCompilations);
  }

  @Test
  void aSaturatedSettledLaunchCarriesNoMark() {
    String line =
        FullSpeed.line(1, "with agent", launch(0.99, 0.09, List.of(3094L, 227L, 5L)), 1, 1);

    assertThat(line)
        .isEqualTo(
            "turn 1, with agent: 80000 events/s, 10.25 us server CPU per event (kernel 5.03), 334"
                + " bytes per event; server 0.99 cores (its cores 100 % busy), client 0.09 cores"
                + " (its cores 40 % busy); compilations per 5 s of warm-up [3094 227 5], in the"
                + " window 7, compiler threads 0.0 % of the server's CPU");
  }

  @Test
  void marksWhatMakesALaunchDoubtful() {
    // The server below 95 % of its core, the last warm-up slice still compiling, the client busy.
    String line =
        FullSpeed.line(2, "without agent", launch(0.84, 0.85, List.of(968L, 92L, 191L)), 1, 1);

    assertThat(line)
        .endsWith("; SERVER NOT SATURATED; JIT NOT SETTLED; CLIENT BUSY")
        .contains("[968 92 191]");
  }

  @Test
  void settlesOnTheLastSliceAlone() {
    assertThat(launch(1, 0, List.of(5000L, 25L)).settled()).isTrue();
    assertThat(launch(1, 0, List.of(5L, 26L)).settled()).isFalse();
    assertThat(launch(1, 0, List.of()).settled()).isFalse();
  }
}
