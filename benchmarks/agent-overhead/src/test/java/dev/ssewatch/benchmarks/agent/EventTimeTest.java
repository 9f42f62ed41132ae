package dev.ssewatch.benchmarks.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventTimeTest {

  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        // BenchServer's plain events
        "data: t=12345 padding-padding | 12345",
        "data:t=7 | 7",
        // the Spring applications' JSON, with and without the space
        "'data:{\"t\":3534013541843,\"seq\":1}' | 3534013541843",
        "'data: {\"t\":42}' | 42",
        // not data, or data without a time
        "id: 1 | -1",
        "event:tick | -1",
        "': t=5' | -1",
        "data: | -1",
        "'data:{\"seq\":1,\"t\":5}' | -1",
        "data: t= | -1",
        "'data:{\"t\":' | -1",
        "data: tick | -1",
      })
  void readsTheWriteTime(String line, long expected) {
    assertThat(EventTime.of(line)).isEqualTo(expected);
  }
}
