package dev.ssewatch.benchmarks.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReadyLineTest {

  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "[ssewatch] agent 0.1.0 ready in 241 ms (premain); instrumenting servlet | 241",
        "[ssewatch] agent 0.1.0 ready in 95 ms (premain, 3 loaded classes retransformed) | 95",
        // agents that installed in premain only said so
        "[ssewatch] agent 0.1.0 started in 1160 ms | 1160",
        // no figure
        "[ssewatch] agent 0.1.0 failed: no instrumentation | -1",
        "[ssewatch] agent 0.1.0 ready in ms | -1",
      })
  void readsTheAgentsOwnFigure(String line, long expected) {
    assertThat(ReadyLine.millis(line)).isEqualTo(expected);
  }
}
